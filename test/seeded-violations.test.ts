/**
 * The pack against the real programs (the platform and its bootstrap) with one mistake seeded
 * into what they registered: each mistake must fail the gate written for it, under the prod
 * policy config, with a violation the unchanged program does not have, while the unchanged
 * program blocks on nothing. This is how the gates are known to see the programs' own resources, not only hand-made fixtures.
 */
import { strict as assert } from "node:assert";
import { policies, PACK_ENFORCEMENT_LEVEL } from "../policy-pack/policies";
import { evaluatePolicies, PolicyReport, ResourceUnderTest } from "../tools/policy/engine";
import { policyConfigPath, readPolicyConfig, toResourceUnderTest } from "../tools/plan/plan";
import { BOOTSTRAP_PROJECT, OfflineProject, PLATFORM_PROJECT } from "../tools/offline/run-program";
import { policyReportOf, programRunOf } from "./harness";

type Mutation = (resources: ResourceUnderTest[]) => ResourceUnderTest[];

/** Changes the inputs (and the state the mocks echoed) of the resources `match` picks. */
function changing(match: (r: ResourceUnderTest) => boolean, change: (props: Record<string, any>) => void): Mutation {
    return (resources) => {
        const picked = resources.filter(match);
        assert.ok(picked.length > 0, "the seeded mistake matched no resource");
        return resources.map((r) => {
            if (!picked.includes(r)) return r;
            const inputs = structuredClone(r.inputs);
            const outputs = structuredClone(r.outputs);
            change(inputs);
            change(outputs);
            return { ...r, inputs, outputs };
        });
    };
}

const removing = (match: (r: ResourceUnderTest) => boolean): Mutation => (resources) => {
    const kept = resources.filter((r) => !match(r));
    assert.ok(kept.length < resources.length, "the seeded mistake matched no resource");
    return kept;
};

const isDeployment = (name: string) => (r: ResourceUnderTest) => r.type === "kubernetes:apps/v1:Deployment" && r.inputs.metadata?.namespace === "signal-trading" && r.inputs.metadata?.name === name;

interface Seeded { mistake: string; policy: string; alsoFails?: string[]; mutate: Mutation }

const SEEDED: Seeded[] = [
    {
        mistake: "the control-plane log group loses its KMS key",
        policy: "aws-cloudwatch-require-log-encryption",
        mutate: changing((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "signal-trading-prod-control-plane", (p) => { delete p.kmsKeyId; }),
    },
    {
        mistake: "a namespace loses its default-deny NetworkPolicy",
        policy: "kubernetes-namespace-require-default-deny",
        mutate: removing((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata?.namespace === "velero" && r.inputs.metadata?.name === "default-deny"),
    },
    {
        mistake: "the backup bucket's versioning is suspended",
        policy: "aws-s3-require-versioning",
        // S3 replicates only from a versioned bucket, so the copy in the other region stops too.
        alsoFails: ["aws-s3-require-cross-region-replication"],
        mutate: changing((r) => r.type === "aws:s3/bucketVersioning:BucketVersioning", (p) => { p.versioningConfiguration = { status: "Suspended" }; }),
    },
    {
        mistake: "a chart is installed from a version range",
        policy: "kubernetes-helm-pin-chart-version",
        mutate: changing((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === "velero", (p) => { p.version = "^12.0.0"; }),
    },
    {
        mistake: "the ingress controller is allowed configuration snippets",
        policy: "kubernetes-ingress-disallow-snippets",
        mutate: changing((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.name === "nginx-ingress", (p) => { p.values.controller.enableSnippets = true; }),
    },
    {
        mistake: "the Redis schedule runs hourly, beyond the 15-minute RPO",
        policy: "kubernetes-velero-require-backup-schedules",
        mutate: changing((r) => r.type === "kubernetes:velero.io/v1:Schedule" && r.inputs.metadata?.name === "stateful-15m", (p) => { p.spec.schedule = "0 * * * *"; }),
    },
    {
        mistake: "the backup storage location loses its KMS key",
        policy: "kubernetes-velero-require-encrypted-storage-location",
        mutate: changing((r) => r.type === "kubernetes:velero.io/v1:BackupStorageLocation", (p) => { delete p.spec.config.kmsKeyId; }),
    },
    {
        mistake: "the default StorageClass is not encrypted",
        policy: "kubernetes-storageclass-require-encryption",
        // Redis's volume is claimed from that class.
        alsoFails: ["kubernetes-statefulset-require-encrypted-storage"],
        mutate: changing((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass", (p) => { p.parameters.encrypted = "false"; }),
    },
    {
        mistake: "Grafana's Ingress serves plain HTTP",
        policy: "kubernetes-ingress-require-tls",
        mutate: changing((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress" && r.inputs.metadata?.name === "grafana", (p) => { delete p.spec.tls; }),
    },
    {
        mistake: "an add-on namespace drops the restricted Pod Security Standard",
        policy: "kubernetes-namespace-require-pod-security",
        mutate: changing((r) => r.type === "kubernetes:core/v1:Namespace" && r.inputs.metadata?.name === "cert-manager", (p) => { p.metadata.labels["pod-security.kubernetes.io/enforce"] = "privileged"; }),
    },
    {
        mistake: "an IRSA role trusts every service account of its namespace",
        policy: "aws-iam-restrict-irsa-trust",
        mutate: changing((r) => r.type === "aws:iam/role:Role" && r.inputs.tags?.["kubernetes-service-account"] === "velero/velero-server", (p) => {
            p.assumeRolePolicy = p.assumeRolePolicy.replace("system:serviceaccount:velero:velero-server", "system:serviceaccount:velero:*").replace(/"StringEquals"/, '"StringLike"');
        }),
    },
    {
        mistake: "the node role is created without a permissions boundary",
        policy: "aws-iam-require-permissions-boundary",
        mutate: changing((r) => r.type === "aws:iam/role:Role" && r.name === "signal-trading-prod-node-role", (p) => { delete p.permissionsBoundary; }),
    },
    {
        mistake: "the gateway loses its own NetworkPolicy",
        policy: "stack-workload-require-companions",
        mutate: removing((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata?.namespace === "signal-trading" && r.inputs.metadata?.name === "gateway"),
    },
    {
        mistake: "a service's image is pinned by tag only",
        policy: "kubernetes-pod-require-pinned-images",
        mutate: changing(isDeployment("signal"), (p) => { p.spec.template.spec.containers[0].image = p.spec.template.spec.containers[0].image.replace(/@sha256:[0-9a-f]+$/, ""); }),
    },
    {
        mistake: "the gateway's HPA maximum grows beyond what the node groups can hold",
        policy: "stack-cluster-require-capacity",
        // The namespace's quota was sized for the configured maximum, so it no longer fits either.
        alsoFails: ["kubernetes-namespace-require-quota-capacity"],
        mutate: changing((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler" && r.inputs.metadata?.name === "gateway", (p) => { p.spec.maxReplicas = 2000; }),
    },
    {
        mistake: "a service's VPA starts resizing pods while its HPA scales on the same resources",
        policy: "kubernetes-vpa-disallow-hpa-conflict",
        mutate: changing((r) => r.type === "kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler" && r.inputs.metadata?.name === "ml", (p) => { p.spec.updatePolicy.updateMode = "Recreate"; }),
    },
    {
        mistake: "the cluster's public endpoint is opened to the internet written as two halves",
        policy: "aws-eks-restrict-public-endpoint",
        mutate: changing((r) => r.type === "aws:eks/cluster:Cluster", (p) => { p.vpcConfig.publicAccessCidrs = ["0.0.0.0/1", "128.0.0.0/1"]; }),
    },
    {
        mistake: "kube-state-metrics is given the secrets collector, reading every namespace's Secrets",
        policy: "kubernetes-helm-restrict-chart-rbac",
        mutate: changing((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "kube-prometheus-stack", (p) => {
            const ksm = p.values["kube-state-metrics"];
            ksm.collectors = [...(ksm.collectors ?? ["pods", "deployments"]).filter((c: string) => c !== "secrets"), "secrets"];
            delete ksm.collectorsExclude;
        }),
    },
    {
        mistake: "the cluster role is given AdministratorAccess instead of AmazonEKSClusterPolicy",
        policy: "aws-iam-disallow-wildcard-actions",
        mutate: changing((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.name === "signal-trading-prod-cluster-policy", (p) => { p.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"; }),
    },
    {
        mistake: "the flow-log role trusts its service without aws:SourceAccount",
        policy: "aws-iam-restrict-service-trust",
        mutate: changing((r) => r.type === "aws:iam/role:Role" && r.name === "signal-trading-prod-flow-logs", (p) => {
            const document = JSON.parse(p.assumeRolePolicy);
            for (const statement of document.Statement) delete statement.Condition;
            p.assumeRolePolicy = JSON.stringify(document);
        }),
    },
    {
        mistake: "an alert of the services' PrometheusRule loses its runbook",
        policy: "kubernetes-prometheusrule-require-severity-and-runbook",
        mutate: changing((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.inputs.metadata?.name === "signal-trading-alerts", (p) => { delete p.spec.groups[0].rules[0].annotations.runbook_url; }),
    },
    {
        mistake: "the services' alerts are dropped while Prometheus still scrapes them",
        policy: "stack-service-require-alerts",
        mutate: removing((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule" && r.inputs.metadata?.name === "signal-trading-alerts"),
    },
];

const isRepository = (name: string) => (r: ResourceUnderTest) => r.type === "aws:ecr/repository:Repository" && r.inputs.name === name;

/** The image repositories, the state storage and the workflows' identities, which the bootstrap project creates. */
const SEEDED_IN_BOOTSTRAP: Seeded[] = [
    {
        mistake: "a repository lets a push move a tag",
        policy: "aws-ecr-require-immutable-tags",
        mutate: changing(isRepository("signal-trading-prod/gateway"), (p) => { p.imageTagMutability = "MUTABLE"; }),
    },
    {
        mistake: "a repository stops scanning pushed images",
        policy: "aws-ecr-require-scan-on-push",
        mutate: changing(isRepository("signal-trading-prod/ml"), (p) => { p.imageScanningConfiguration = { scanOnPush: false }; }),
    },
    {
        mistake: "a repository encrypts with AES256 instead of the registry key",
        policy: "aws-ecr-require-kms-encryption",
        mutate: changing(isRepository("signal-trading-prod/data"), (p) => { p.encryptionConfigurations = [{ encryptionType: "AES256" }]; }),
    },
    {
        mistake: "a repository loses its lifecycle policy",
        policy: "aws-ecr-require-lifecycle-policy",
        mutate: removing((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy" && r.inputs.repository === "signal-trading-prod/signal"),
    },
    {
        mistake: "the registry key stops rotating",
        policy: "aws-kms-require-key-rotation",
        mutate: changing((r) => r.type === "aws:kms/key:Key" && r.name === "signal-trading-prod-registry-key", (p) => { p.enableKeyRotation = false; }),
    },
    {
        mistake: "a deploy policy grants a whole service on every resource",
        policy: "aws-iam-disallow-wildcard-actions",
        mutate: changing((r) => r.type === "aws:iam/policy:Policy" && r.name === "signal-trading-delivery-prod-deploy-compute", (p) => {
            const document = JSON.parse(p.policy);
            document.Statement.push({ Effect: "Allow", Action: "ec2:*", Resource: "*" });
            p.policy = JSON.stringify(document);
        }),
    },
    {
        mistake: "a deploy policy that is not exempt may pass any role",
        policy: "aws-iam-disallow-wildcard-actions",
        mutate: changing((r) => r.type === "aws:iam/policy:Policy" && r.name === "signal-trading-delivery-prod-deploy-compute", (p) => {
            const document = JSON.parse(p.policy);
            document.Statement.push({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" });
            p.policy = JSON.stringify(document);
        }),
    },
    {
        mistake: "the state bucket's public access block is lifted",
        policy: "aws-s3-require-public-access-block",
        mutate: changing((r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && r.name === "signal-trading-state-primary-public-access", (p) => { p.restrictPublicBuckets = false; }),
    },
];

type Blocking = { key: string; policyName: string; message: string }[];

function describeSeeded(program: string, project: OfflineProject, seededMistakes: Seeded[]): void {
    describe(`seeded violations in the prod ${program}`, () => {
        let resources: ResourceUnderTest[];
        let unchanged: Blocking;
        const config = readPolicyConfig(policyConfigPath("prod"));
        const blockingIn = (report: PolicyReport): Blocking => report.violations
            .filter((v) => v.enforcementLevel === "mandatory")
            .map((v) => ({ key: `${v.policyName} on ${(v.urn ?? "").split("::").pop()}`, policyName: v.policyName, message: v.message }));

        const blocking = (rs: ResourceUnderTest[]): Blocking => blockingIn(evaluatePolicies(policies, PACK_ENFORCEMENT_LEVEL, config, rs));

        before(async () => {
            resources = (await programRunOf("prod", project)).all.map(toResourceUnderTest);
            unchanged = blockingIn(await policyReportOf("prod", project));
        });

        it("passes unchanged: no mandatory violation", () => {
            assert.deepEqual(unchanged.map((v) => v.key), []);
        });

        // A mistake is seen when it adds a violation the unchanged program does not have.
        for (const seeded of seededMistakes) {
            it(`fails ${seeded.policy} when ${seeded.mistake}`, () => {
                const before = new Set(unchanged.map((v) => `${v.key}\n${v.message}`));
                const added = blocking(seeded.mutate(resources)).filter((v) => !before.has(`${v.key}\n${v.message}`));
                assert.deepEqual([...new Set(added.map((v) => v.policyName))].sort(), [seeded.policy, ...(seeded.alsoFails ?? [])].sort());
            });
        }
    });
}

describeSeeded("program", PLATFORM_PROJECT, SEEDED);
describeSeeded("bootstrap program", BOOTSTRAP_PROJECT, SEEDED_IN_BOOTSTRAP);
