import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    codeSpans,
    configPathKnown,
    configPathMentions,
    countClaims,
    documents,
    linkTargets,
    namedPaths,
    npmScripts,
    outputFields,
    outputMentions,
    pathExists,
    ROOT,
    stackOutputs,
} from "./docs";

/** Paths the documents name that are not in the repository, each with why. */
const NOT_IN_REPOSITORY: Record<string, string> = {
    "plan.json": "written by `npm run plan -- --out <dir>`",
    "policy-report.json": "written by `npm run plan -- --out <dir>`",
    "plan-diff.json": "written by `npm run plan -- --out <dir> --against <dir>`",
    "<kind>-<name>.patch.yaml": "written by `npm run plan -- --out <dir>` for each patch",
    "helmrelease-<release>.values.yaml": "written by `npm run plan -- --out <dir>` for each Helm release",
    "values.yaml": "a chart's default values, in the chart's own repository",
};

/** Generated documents: their numbers come from the code (tools/generated-files.test.ts). */
const GENERATED = new Set(["docs/config-reference.md", "docs/services.md", "policy-pack/README.md"]);

const read = (doc: string) => fs.readFileSync(path.join(ROOT, doc), "utf8");

function scriptsOf(dir: string): Set<string> {
    const file = path.join(ROOT, dir, "package.json");
    return new Set(fs.existsSync(file) ? Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).scripts ?? {}) : []);
}

describe("the documents", () => {
    it("cover the README, docs/ and the policy pack's pages", () => {
        const docs = documents();
        for (const doc of ["README.md", "docs/decisions.md", "docs/operations.md", "policy-pack/README.md", "policy-pack/config/README.md"]) assert.ok(docs.includes(doc), doc);
    });

    for (const doc of documents()) {
        describe(doc, () => {
            const source = read(doc);
            const dir = path.posix.dirname(doc);

            it("links only to files of the repository", () => {
                const broken = linkTargets(source).filter((l) => !fs.existsSync(path.join(ROOT, dir, l.text)) && !(path.posix.join(dir, l.text) in NOT_IN_REPOSITORY));
                assert.deepEqual(broken.map((l) => `${doc}:${l.line} ${l.text}`), []);
            });

            it("names only paths of the repository (or ones listed with a reason)", () => {
                const missing = namedPaths(source).filter((p) => !(p.text in NOT_IN_REPOSITORY) && !pathExists(p.text, dir));
                assert.deepEqual([...new Set(missing.map((p) => `${doc}:${p.line} ${p.text}`))], []);
            });

            it("runs only npm scripts its package defines", () => {
                const unknown = npmScripts(source).filter((s) => !scriptsOf(s.dir).has(s.script));
                assert.deepEqual(unknown.map((s) => `${doc}:${s.line} npm run ${s.script} (in ${s.dir})`), []);
            });

            it("names only config keys the schema has", () => {
                const unknown = configPathMentions(source).filter((m) => !configPathKnown(m.text, m.project));
                assert.deepEqual(unknown.map((m) => `${doc}:${m.line} ${m.project ?? ""}${m.project ? ":" : ""}${m.text}`), []);
            });

            it("reads only stack outputs the programs export", () => {
                const unknown = outputMentions(source).filter((m) => !stackOutputs(m.project).has(m.text));
                assert.deepEqual(unknown.map((m) => `${doc}:${m.line} ${m.project} output ${m.text}`), []);
            });

            if (!GENERATED.has(doc)) {
                it("states no count of resources or policies by hand", () => {
                    assert.deepEqual(countClaims(source).map((c) => `${doc}:${c.line} ${c.text}`), []);
                });
            }

            it("cites no document outside the repository", () => {
                const outside = [...source.matchAll(/\b(ARCHITECTURE|GATES|TOOLCHAIN)(\.md)?\b|\bthe seed\b/g)].map((m) => m[0]);
                assert.deepEqual(outside, []);
            });
        });
    }

    it("README: the outputs it lists are the program's, the database's with its fields", () => {
        const sentence = /Other outputs: ([^.]*)\./.exec(read("README.md"))?.[1] ?? "";
        const named = [...sentence.matchAll(/`(\w+)`/g)].map((m) => m[1]);
        assert.ok(named.length > 0, "the README lists the other outputs");
        assert.deepEqual(named.filter((n) => !stackOutputs("platform").has(n)), []);
        const fields = /`database` \(([^;)]*)/.exec(sentence)?.[1].split(/,\s*/) ?? [];
        assert.deepEqual(fields, outputFields("platform", "database"));
    });

    it("lists no allowed missing path that exists or that no document names", () => {
        const named = new Set(documents().flatMap((doc) => namedPaths(read(doc)).map((p) => p.text)));
        for (const entry of Object.keys(NOT_IN_REPOSITORY)) {
            assert.ok(named.has(entry), `${entry} is named by no document`);
            assert.ok(!pathExists(entry, "."), `${entry} exists`);
        }
    });
});

describe("the document checks", () => {
    const sample = [
        "See [the runbook](docs/backup-and-restore.md#drill) and [the site](https://example.com).",
        "The schema (`stacks/config/schema.ts`) and `tools/plan/nothing-here.ts`; `Pulumi.<stack>.yaml`.",
        "Run `npm run docs:config` or `npm --prefix policy-pack run build`, set `services.gateway.scaling.max`",
        "and `services.gateway.scaling.maximum`, `signal-trading:monitoring.grafanaSso`, `apiKeys.marketData`.",
        "It evaluated 89 policies.",
        "```sh",
        "pulumi config set --path backup.lastRestoreDrill 2026-01-01",
        "pulumi config set --path backup.lastDrill 2026-01-01",
        "```",
    ].join("\n");

    it("read links, paths, scripts, config paths and counts out of a document", () => {
        assert.deepEqual(linkTargets(sample).map((l) => l.text), ["docs/backup-and-restore.md"]);
        assert.deepEqual(namedPaths(sample).map((p) => p.text).filter((p, i, all) => all.indexOf(p) === i), ["stacks/config/schema.ts", "tools/plan/nothing-here.ts", "Pulumi.<stack>.yaml", "docs/backup-and-restore.md"]);
        assert.deepEqual(npmScripts(sample).map((s) => `${s.dir} ${s.script}`), [". docs:config", "policy-pack build"]);
        assert.deepEqual(configPathMentions(sample).map((m) => m.text), [
            "services.gateway.scaling.max", "services.gateway.scaling.maximum", "monitoring.grafanaSso", "apiKeys.marketData",
            "backup.lastRestoreDrill", "backup.lastDrill",
        ]);
        assert.deepEqual(countClaims(sample).map((c) => c.text), ["89 policies"]);
        assert.ok(codeSpans(sample).every((s) => !s.text.includes("pulumi config set")), "code blocks are not code spans");
    });

    it("tell what exists from what does not", () => {
        assert.ok(pathExists("stacks/config/schema.ts", "."));
        assert.ok(pathExists("Pulumi.<stack>.yaml", "."));
        assert.ok(pathExists("config/dev.json", "policy-pack"));
        assert.ok(!pathExists("tools/plan/nothing-here.ts", "."));
        assert.ok(!pathExists("GATES.md", "."));
        assert.ok(configPathKnown("services.gateway.scaling.max"));
        assert.ok(configPathKnown("monitoring.grafanaSso", "platform"));
        assert.ok(configPathKnown("apiKeys.marketData", "platform"));
        assert.ok(configPathKnown("network.availabilityZones[0].zoneId"));
        assert.ok(configPathKnown("auth.jwtKeyIds[0]"));
        assert.ok(configPathKnown("dockerHub.username", "bootstrap"));
        assert.ok(!configPathKnown("dockerHub.username", "platform"));
        assert.ok(!configPathKnown("services.gateway.scaling.maximum"));
        assert.ok(!configPathKnown("services.billing.scaling.max"));
        assert.ok(!configPathKnown("backup.lastDrill"));
    });
});
