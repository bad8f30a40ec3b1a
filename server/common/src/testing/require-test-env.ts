// Reads the service addresses that scripts/test-services.sh exports for integration tests.
// Invariant: a missing variable fails the test with instructions instead of skipping it, so a
// run without services can never pass silently.

/** Value of a KESTREL_TEST_* variable; throws with how to set it when it is missing. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `${name} is not set: this integration test needs the real test services. Run\n` +
        '  bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\n' +
        'from the repository root, then run the tests again (see docs/testing.md).',
    );
  }
  return value;
}

/** Polls `predicate` every 20 ms until it is true; throws `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
