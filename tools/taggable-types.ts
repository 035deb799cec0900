/**
 * Lists the AWS resource types that take tags (those with a `tagsAll` output) in the
 * installed @pulumi/aws, for the policy pack's required-tags check and the offline mocks.
 *   tsx tools/taggable-types.ts          exits 1 when policy-pack/lib/taggable-types.json is stale
 *   tsx tools/taggable-types.ts --write  rewrites it (after upgrading @pulumi/aws)
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const TAGGABLE_TYPES_FILE = path.resolve(__dirname, "..", "policy-pack", "lib", "taggable-types.json");

export function scanTaggableTypes(awsPackageDir = path.dirname(require.resolve("@pulumi/aws/package.json"))): string[] {
    const types = new Set<string>();
    const visit = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "node_modules" && entry.name !== "types") visit(full);
            } else if (entry.name.endsWith(".d.ts") && fs.readFileSync(full, "utf8").includes("readonly tagsAll: pulumi.Output")) {
                const js = full.replace(/\.d\.ts$/, ".js");
                const match = fs.existsSync(js) ? /__pulumiType = '([^']+)'/.exec(fs.readFileSync(js, "utf8")) : null;
                if (match) types.add(match[1]);
            }
        }
    };
    visit(awsPackageDir);
    return [...types].sort();
}

export function renderTaggableTypes(types: string[]): string {
    const version = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")).version as string;
    return `${JSON.stringify({ source: `@pulumi/aws ${version}`, types }, null, 1)}\n`;
}

if (require.main === module) {
    const rendered = renderTaggableTypes(scanTaggableTypes());
    if (process.argv.includes("--write")) {
        fs.writeFileSync(TAGGABLE_TYPES_FILE, rendered);
        console.log(`wrote ${path.relative(process.cwd(), TAGGABLE_TYPES_FILE)}`);
    } else if (!fs.existsSync(TAGGABLE_TYPES_FILE) || fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8") !== rendered) {
        console.error(`${TAGGABLE_TYPES_FILE} is stale: run npm run policy:types`);
        process.exit(1);
    }
}
