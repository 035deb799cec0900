/**
 * Starts the policy pack the way `pulumi preview --policy-pack` does: the policy analyzer
 * runs @pulumi/pulumi's `cmd/run-policy-pack` on the pack's folder, which compiles it with
 * ts-node and the TypeScript it resolves, and the pack prints the port of its gRPC server.
 * Resolves with that port, or rejects with what the pack printed; the process is ended.
 *   tsx tools/policy/cli-load.ts [pack dir]   checks a pack with its own node_modules
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

export const POLICY_PACK_DIR = path.resolve(__dirname, "..", "..", "policy-pack");

export function startPackLikeCli(packDir = POLICY_PACK_DIR, timeoutMs = 60_000): Promise<number> {
    // The analyzer uses the @pulumi/pulumi the pack resolves: its own install, else the project's.
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    return new Promise((resolve, reject) => {
        // The engine address is never dialled before the CLI calls the pack.
        const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const finish = (outcome: () => void) => {
            clearTimeout(timer);
            child.kill();
            outcome();
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`the pack printed no port within ${timeoutMs} ms:\n${stderr}`))), timeoutMs);
        child.stdout.on("data", (chunk) => {
            stdout += chunk;
            const port = /^(\d+)\s*$/m.exec(stdout);
            if (port) finish(() => resolve(Number(port[1])));
        });
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("exit", (code) => finish(() => reject(new Error(`the pack exited with ${code} before serving:\n${stderr}${stdout}`))));
    });
}

if (require.main === module) {
    const packDir = path.resolve(process.argv[2] ?? POLICY_PACK_DIR);
    startPackLikeCli(packDir).then(
        (port) => console.log(`policy pack at ${packDir} serves on port ${port}`),
        (error: Error) => {
            console.error(`policy pack at ${packDir} does not start: ${error.message}`);
            process.exit(1);
        },
    );
}
