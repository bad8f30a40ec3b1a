// Test-service addresses from scripts/test-services.sh; a missing one fails the test with
// instructions instead of skipping it (CI always sets them).

/** The value of a KESTREL_TEST_* variable, or an error telling how to get it. */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run \`bash scripts/test-services.sh start && eval "$(bash scripts/test-services.sh env)"\` first`);
  }
  return value;
}
