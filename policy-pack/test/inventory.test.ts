import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "../policies";
import { resolvePolicyConfig } from "../../tools/policy/engine";

const PACK_DIR = path.resolve(__dirname, "..");

interface SentPolicy {
    getName(): string;
    getRemediationSteps(): string;
    toObject(): unknown;
}
/** What the analyzer answers the CLI's GetAnalyzerInfo with; internal to @pulumi/policy (its typings export nothing), which the project pins exactly. */
const { makeAnalyzerInfo } = require("@pulumi/policy/protoutil") as {
    makeAnalyzerInfo(name: string, version: string, level: string, args: { policies: unknown[] }, initialConfig: undefined): { getPoliciesList(): SentPolicy[] };
};
const SEVERITIES = ["low", "medium", "high", "critical"];

describe("policy pack inventory", () => {
    it("holds exactly the pinned policies", () => {
        assert.deepEqual(policies.map((p) => p.name), [
            "aws-resource-require-tags",
            "aws-vpc-require-flow-logs",
            "aws-vpc-require-closed-default-security-group",
            "aws-vpc-require-service-endpoints",
            "aws-eks-restrict-public-endpoint",
            "aws-eks-disallow-public-endpoint",
            "aws-eks-require-control-plane-logging",
            "aws-eks-require-secrets-encryption",
            "aws-eks-require-supported-version",
            "aws-eks-require-access-entries",
            "aws-launchtemplate-require-imdsv2",
            "aws-launchtemplate-require-encrypted-volumes",
            "aws-nodegroup-disallow-remote-access",
            "aws-nodegroup-restrict-private-subnets",
            "aws-nodegroup-require-multiple-azs",
            "aws-nodegroup-require-diverse-spot-instances",
            "aws-nodegroup-restrict-instance-types",
            "aws-provider-restrict-regions",
            "aws-iam-restrict-irsa-trust",
            "aws-iam-restrict-service-trust",
            "aws-iam-disallow-wildcard-actions",
            "aws-iam-require-permissions-boundary",
            "aws-kms-require-key-rotation",
            "aws-kms-require-deletion-window",
            "aws-kms-disallow-public-principal",
            "aws-ecr-require-scan-on-push",
            "aws-ecr-require-immutable-tags",
            "aws-ecr-require-kms-encryption",
            "aws-ecr-require-lifecycle-policy",
            "aws-securitygroup-disallow-open-admin-ports",
            "aws-rds-require-encryption",
            "aws-rds-disallow-public-access",
            "aws-rds-require-backup-retention",
            "aws-rds-require-multi-az",
            "aws-rds-require-deletion-protection",
            "aws-rds-require-tls",
            "aws-cloudwatch-require-log-retention",
            "aws-cloudwatch-require-log-encryption",
            "aws-s3-require-public-access-block",
            "aws-s3-require-kms-encryption",
            "aws-s3-require-tls-only-policy",
            "aws-s3-require-owner-enforced",
            "aws-s3-require-access-logging",
            "aws-s3-require-versioning",
            "aws-s3-require-lifecycle",
            "aws-s3-require-cross-region-replication",
            "aws-s3-disallow-force-destroy",
            "aws-s3-require-object-lock",
            "kubernetes-helm-pin-chart-version",
            "kubernetes-helm-restrict-chart-rbac",
            "kubernetes-helm-restrict-chart-images",
            "kubernetes-helm-restrict-chart-host-access",
            "kubernetes-storageclass-require-encryption",
            "kubernetes-storageclass-limit-default-class",
            "kubernetes-ingress-require-tls",
            "kubernetes-ingress-disallow-snippets",
            "kubernetes-namespace-require-pod-security",
            "kubernetes-namespace-require-default-deny",
            "kubernetes-velero-require-encrypted-storage-location",
            "kubernetes-velero-require-backup-schedules",
            "kubernetes-velero-require-restore-drill",
            "kubernetes-pod-disallow-privileged",
            "kubernetes-pod-disallow-host-namespaces",
            "kubernetes-pod-disallow-host-path",
            "kubernetes-daemonset-restrict-host-path",
            "kubernetes-pod-disallow-host-ports",
            "kubernetes-pod-require-dropped-capabilities",
            "kubernetes-pod-disallow-privilege-escalation",
            "kubernetes-pod-require-non-root",
            "kubernetes-pod-require-seccomp",
            "kubernetes-pod-require-baseline-controls",
            "kubernetes-pod-require-read-only-root-filesystem",
            "kubernetes-resource-disallow-default-namespace",
            "kubernetes-pod-disallow-default-service-account",
            "kubernetes-rbac-disallow-admin-and-wildcards",
            "kubernetes-rbac-restrict-sensitive-verbs",
            "kubernetes-pod-require-secret-files",
            "kubernetes-service-restrict-load-balancers",
            "kubernetes-pod-restrict-image-registries",
            "kubernetes-pod-require-pinned-images",
            "kubernetes-workload-require-replicas",
            "kubernetes-hpa-require-sane-bounds",
            "kubernetes-workload-require-hpa-owned-replicas",
            "kubernetes-vpa-disallow-hpa-conflict",
            "kubernetes-workload-require-pdb",
            "kubernetes-pod-require-readiness-probe",
            "kubernetes-pod-require-liveness-probe",
            "kubernetes-pod-require-resources",
            "kubernetes-workload-require-zone-spread",
            "kubernetes-pod-require-priority-class",
            "kubernetes-namespace-require-quota-and-limits",
            "kubernetes-namespace-require-quota-capacity",
            "kubernetes-statefulset-require-encrypted-storage",
            "kubernetes-workload-require-recommended-labels",
            "kubernetes-workload-require-trace-export",
            "kubernetes-prometheusrule-require-severity-and-runbook",
            "stack-cluster-require-capacity",
            "stack-workload-require-companions",
            "stack-workload-require-availability",
            "stack-service-require-alerts",
            "stack-cost-require-budget",
        ]);
    });

    for (const policy of policies) {
        describe(policy.name, () => {
            it("is named <domain>-<resource>-<verb>-<noun> and lives in its domain's folder, one policy a file", () => {
                const match = /^(aws|kubernetes|stack)-[a-z0-9]+-(require|disallow|restrict|limit|enforce|pin)-[a-z0-9-]+$/.exec(policy.name);
                assert.ok(match, `${policy.name} does not follow the naming pattern`);
                assert.ok(fs.existsSync(path.join(PACK_DIR, match[1], `${policy.name}.ts`)), `policy-pack/${match[1]}/${policy.name}.ts is missing`);
            });

            it("has a description, a severity, remediation steps and its source IDs", () => {
                assert.ok(policy.description.length > 20);
                assert.ok(SEVERITIES.includes(policy.severity ?? ""), `severity ${policy.severity}`);
                assert.ok((policy.remediationSteps ?? "").length > 20);
                assert.ok((policy.tags ?? []).some((t) => t.startsWith("source:")), "no source: tag");
            });

            it("says why it exists in one sentence of its own (the README's why column)", () => {
                assert.match(policy.rationale, /^[^\n]{30,250}\.$/);
                assert.doesNotMatch(policy.rationale.slice(0, -1), /[.;]\s+[A-Z]/, "more than one sentence");
                assert.notEqual(policy.rationale, policy.description);
            });

            it("gives every config property a default, so the pack works without a config file", () => {
                for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
                    assert.ok((schema as { default?: unknown }).default !== undefined, `${key} has no default`);
                }
            });

            it("has its own test file", () => {
                assert.ok(fs.existsSync(path.join(PACK_DIR, "test", `${policy.name}.test.ts`)), `policy-pack/test/${policy.name}.test.ts is missing`);
            });
        });
    }

    for (const stack of ["dev", "prod"]) {
        it(`accepts config/${stack}.json: known policies, valid levels, properties that match each schema`, () => {
            const file = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${stack}.json`), "utf8"));
            assert.doesNotThrow(() => resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, file));
        });
    }

    it("makes every mandatory gate mandatory in prod, and lets an advisory gate stay advisory only with its reason in config/README.md", () => {
        const file = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", "prod.json"), "utf8"));
        const readme = fs.readFileSync(path.join(PACK_DIR, "config", "README.md"), "utf8");
        const prodSection = readme.slice(readme.indexOf("## prod.json"), readme.indexOf("## dev.json"));
        const reasoned = (name: string) => prodSection.split("\n").some((row) => new RegExp(`^\\| [^|]*\`${name}\`[^|]*: advisory[^|]*\\| \\S`).test(row));
        for (const resolved of resolvePolicyConfig(policies, PACK_ENFORCEMENT_LEVEL, file)) {
            const { name, enforcementLevel } = resolved.policy;
            if (["mandatory", "remediate"].includes(resolved.level)) continue;
            assert.ok(enforcementLevel === "advisory" && resolved.level === "advisory", `${name} is ${resolved.level} in prod, but it is a ${enforcementLevel ?? PACK_ENFORCEMENT_LEVEL} gate`);
            assert.ok(reasoned(name), `${name} is advisory in prod without a row "\`${name}\`: advisory | <why>" in config/README.md's prod.json table`);
        }
    });

    it("hands the CLI every policy's metadata through the analyzer's own serialisation, the rationale staying in the pack", () => {
        const info = makeAnalyzerInfo(PACK_NAME, "0.0.0", PACK_ENFORCEMENT_LEVEL, { policies }, undefined);
        const sent = info.getPoliciesList();
        assert.deepEqual(sent.map((p) => p.getName()), policies.map((p) => p.name));
        assert.deepEqual(sent.map((p) => p.getRemediationSteps()), policies.map((p) => p.remediationSteps));
        const serialised = sent.map((p) => JSON.stringify(p.toObject())).join("\n");
        for (const policy of policies) assert.ok(!serialised.includes(policy.rationale), `${policy.name}'s rationale reaches the CLI`);
    });
});
