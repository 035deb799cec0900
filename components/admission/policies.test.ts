import { strict as assert } from "node:assert";
import { admit, AdmissionRequest } from "../../test/admission";
import { APPLICATION_NAMESPACE_LABELS } from "../workload/namespace";
import { validateAdmissionPoliciesArgs } from "./admission-policies";
import {
    AdmissionPolicy, ecrRegistryPrefix, POD_RESOURCE_RULES, renderApplicationImagesPolicy, renderBinding, renderOperatorRolloutsPolicy,
    renderPrivilegedPodsPolicy, renderSystemServiceAccountsPolicy, RESTARTED_AT_ANNOTATION,
} from "./policies";

const REGISTRY = ecrRegistryPrefix("111122223333", "us-east-2");
const DIGEST = `sha256:${"ab".repeat(32)}`;
const APP_IMAGE = `${REGISTRY}signal-trading-prod-gateway:1.0.0@${DIGEST}`;
const APP_NAMESPACE = "signal-trading";

type Json = Record<string, any>;

const container = (image: string, extra: Json = {}) => ({ name: "main", image, ...extra });
const podSpec = (extra: Json = {}) => ({ serviceAccountName: "default", containers: [container(APP_IMAGE)], ...extra });
const pod = (spec: Json, namespace = APP_NAMESPACE) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace }, spec });
const deployment = (spec: Json, template: Json = {}, namespace = APP_NAMESPACE) => ({
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "gateway", namespace },
    spec: {
        replicas: 2, selector: { matchLabels: { app: "gateway" } }, strategy: { type: "RollingUpdate" }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
        template: { metadata: { labels: { app: "gateway" }, ...template }, spec },
    },
});

const PERSON = { username: "jane@example.com", groups: ["system:authenticated"] };
const DAEMONSET_CONTROLLER = { username: "system:serviceaccount:kube-system:daemon-set-controller", groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"] };

const create = (object: Json, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
    operation: "CREATE",
    resource: resourceOf(object),
    namespace: object.metadata.namespace,
    userInfo: PERSON,
    object,
    ...extra,
});

const update = (oldObject: Json, object: Json, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({ ...create(object, extra), operation: "UPDATE", oldObject });

function resourceOf(object: Json): AdmissionRequest["resource"] {
    const resources: Record<string, [string, string]> = {
        Pod: ["", "pods"], Deployment: ["apps", "deployments"], StatefulSet: ["apps", "statefulsets"], DaemonSet: ["apps", "daemonsets"],
        ReplicaSet: ["apps", "replicasets"], Job: ["batch", "jobs"], CronJob: ["batch", "cronjobs"],
    };
    const [group, resource] = resources[object.kind];
    return { group, resource };
}

/** The refusals of a matched request; fails when the policy does not apply. */
function refusals(policy: AdmissionPolicy, request: AdmissionRequest): string[] {
    const decision = admit(policy, request);
    assert.ok(decision.matched, "the policy does not apply to the request");
    return decision.refusals;
}

const accepted = (policy: AdmissionPolicy, request: AdmissionRequest) => assert.deepEqual(refusals(policy, request), []);
function refused(policy: AdmissionPolicy, request: AdmissionRequest, message: RegExp) {
    const found = refusals(policy, request);
    assert.ok(found.length > 0, "the request was admitted");
    assert.ok(found.every((m) => !m.startsWith("error:")), `an expression failed: ${found.join("\n")}`);
    assert.ok(found.some((m) => message.test(m)), `no refusal matches ${message}: ${found.join("\n")}`);
}
const notMatched = (policy: AdmissionPolicy, request: AdmissionRequest) => assert.deepEqual(admit(policy, request), { matched: false });

describe("admission policies", () => {
    describe("application images", () => {
        const prod = renderApplicationImagesPolicy({ namespaceLabels: APPLICATION_NAMESPACE_LABELS, registryPrefix: REGISTRY, requireDigest: true });
        const dev = renderApplicationImagesPolicy({ namespaceLabels: APPLICATION_NAMESPACE_LABELS, registryPrefix: REGISTRY, requireDigest: false });
        const inApp = { namespaceLabels: APPLICATION_NAMESPACE_LABELS };

        it("names this account's registry in this region", () => {
            assert.equal(REGISTRY, "111122223333.dkr.ecr.us-east-2.amazonaws.com/");
        });

        it("selects the application namespaces by their baseline label, for pods and every pod controller", () => {
            assert.deepEqual(prod.spec.matchConstraints, { resourceRules: POD_RESOURCE_RULES, namespaceSelector: { matchLabels: { "signal-trading.io/namespace-role": "application" } } });
            assert.equal(prod.spec.failurePolicy, "Fail");
            notMatched(prod, create(pod(podSpec({ containers: [container("docker.io/library/busybox:1.37")] }), "default")));
        });

        it("admits a pod from this account's ECR pinned by digest", () => {
            accepted(prod, create(pod(podSpec()), inApp));
        });

        it("refuses Docker Hub, GHCR and a look-alike host, in containers, init containers and Deployment templates", () => {
            refused(prod, create(pod(podSpec({ containers: [container(`docker.io/library/redis:8.10.2-alpine@${DIGEST}`)] })), inApp), /come from this account's ECR registry 111122223333\.dkr\.ecr\.us-east-2\.amazonaws\.com\//);
            refused(prod, create(pod(podSpec({ initContainers: [container(`ghcr.io/oliver006/redis_exporter:v1.88.0@${DIGEST}`)] })), inApp), /ECR registry/);
            refused(prod, create(pod(podSpec({ containers: [container(`111122223333.dkr.ecr.us-east-2.amazonaws.com.example.net/x:1@${DIGEST}`)] })), inApp), /ECR registry/);
            refused(prod, create(deployment(podSpec({ containers: [container(`999999999999.dkr.ecr.us-east-2.amazonaws.com/x:1@${DIGEST}`)] })), inApp), /ECR registry/);
        });

        it("refuses an image from another region of the same account", () => {
            refused(dev, create(pod(podSpec({ containers: [container("111122223333.dkr.ecr.eu-west-1.amazonaws.com/x:1.0.0")] })), inApp), /ECR registry/);
        });

        it("reads the template of a CronJob's job", () => {
            const cronJob = { apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c", namespace: APP_NAMESPACE }, spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: podSpec({ containers: [container("busybox")] }) } } } } };
            refused(prod, create(cronJob, inApp), /ECR registry/);
        });

        it("refuses a debug container from elsewhere, added through pods/ephemeralcontainers", () => {
            const running = pod(podSpec());
            const debugged = pod(podSpec({ ephemeralContainers: [{ name: "debugger", image: "docker.io/library/busybox:1.37" }] }));
            refused(prod, update(running, debugged, { ...inApp, resource: { group: "", resource: "pods", subresource: "ephemeralcontainers" } }), /ECR registry/);
        });

        it("requires a digest where the environment does, and accepts a tag where it does not", () => {
            const tagged = create(pod(podSpec({ containers: [container(`${REGISTRY}signal-trading-dev-gateway:1.0.0`)] })), inApp);
            refused(prod, tagged, /pinned by digest/);
            accepted(dev, tagged);
            assert.equal(dev.spec.validations.length, 1);
        });

        it("refuses a digest that is not sha256 with 64 hex digits", () => {
            refused(prod, create(pod(podSpec({ containers: [container(`${REGISTRY}x:1@sha256:abc`)] })), inApp), /pinned by digest/);
        });

        it("leaves updates that keep the spec alone to objects admitted earlier, and judges a changed image", () => {
            const old = pod(podSpec({ containers: [container("docker.io/library/redis:8")] }));
            const relabelled = { ...old, metadata: { ...old.metadata, labels: { adopted: "yes" } } };
            notMatched(prod, update(old, relabelled, inApp));
            refused(prod, update(pod(podSpec()), old, inApp), /ECR registry/);
        });
    });

    describe("system service accounts", () => {
        const policy = renderSystemServiceAccountsPolicy({ serviceAccounts: { "kube-system": ["aws-node", "coredns"], "node-exporter": ["kube-prometheus-stack-prometheus-node-exporter"] } });
        const daemonSet = (serviceAccountName: string | undefined, namespace = "kube-system") => ({
            apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace },
            spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { serviceAccountName, hostNetwork: true, containers: [container("602401143452.dkr.ecr.us-east-2.amazonaws.com/amazon-k8s-cni:v1")] } } },
        });

        it("applies to kube-system and node-exporter only", () => {
            assert.deepEqual(policy.spec.matchConstraints.namespaceSelector, { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kube-system", "node-exporter"] }] });
            notMatched(policy, create(daemonSet("intruder", "default")));
        });

        it("admits the platform's own DaemonSets and the pods their controller creates", () => {
            accepted(policy, create(daemonSet("aws-node"), { userInfo: { username: "eks:addon-manager", groups: ["system:authenticated"] } }));
            accepted(policy, create(pod({ serviceAccountName: "aws-node", hostNetwork: true, containers: [container("cni")] }, "kube-system"), { userInfo: DAEMONSET_CONTROLLER }));
            accepted(policy, create(pod({ serviceAccountName: "kube-prometheus-stack-prometheus-node-exporter", containers: [container("node-exporter")] }, "node-exporter"), { userInfo: DAEMONSET_CONTROLLER }));
        });

        it("refuses a workload as another service account, the default one included", () => {
            refused(policy, create(daemonSet("miner")), /run only as the platform's own service accounts \(kube-system: aws-node, coredns; node-exporter: kube-prometheus-stack-prometheus-node-exporter\)/);
            refused(policy, create(daemonSet(undefined)), /platform's own service accounts/);
            refused(policy, create(daemonSet("aws-node", "node-exporter")), /platform's own service accounts/);
        });

        it("refuses a pod a person creates, even as an expected service account", () => {
            refused(policy, create(pod({ serviceAccountName: "aws-node", containers: [container("shell")] }, "kube-system")), /created by their controllers only/);
        });

        it("refuses a debug container a person adds to a node agent", () => {
            const agent = pod({ serviceAccountName: "aws-node", containers: [container("cni")] }, "kube-system");
            const debugged = pod({ ...agent.spec, ephemeralContainers: [{ name: "debugger", image: "busybox" }] }, "kube-system");
            refused(policy, update(agent, debugged, { resource: { group: "", resource: "pods", subresource: "ephemeralcontainers" } }), /created by their controllers only/);
        });

        it("refuses a namespace without service accounts and a repeated one", () => {
            assert.throws(() => renderSystemServiceAccountsPolicy({ serviceAccounts: { "kube-system": [] } }), /kube-system lists no service account/);
            assert.throws(() => renderSystemServiceAccountsPolicy({ serviceAccounts: { "kube-system": ["coredns", "coredns"] } }), /coredns twice/);
        });
    });

    describe("privileged pods", () => {
        const policy = renderPrivilegedPodsPolicy({ privilegedNamespaces: ["kube-system", "node-exporter"] });
        const restricted = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };

        it("applies everywhere but the privileged namespaces", () => {
            assert.deepEqual(policy.spec.matchConstraints.namespaceSelector, { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "node-exporter"] }] });
            notMatched(policy, create(pod({ hostNetwork: true, containers: [container("node-exporter", { securityContext: { privileged: true } })] }, "node-exporter")));
        });

        it("admits a restricted pod and one that adds NET_BIND_SERVICE", () => {
            accepted(policy, create(pod({ containers: [container("app", { securityContext: restricted })] }, "default")));
            accepted(policy, create(pod({ containers: [container("proxy", { securityContext: { ...restricted, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } } })] }, "nginx-ingress")));
        });

        it("refuses privileged containers, init containers included", () => {
            refused(policy, create(pod({ containers: [container("x", { securityContext: { privileged: true } })] }, "default")), /Privileged containers run only in kube-system, node-exporter/);
            refused(policy, create(deployment({ containers: [container("x")], initContainers: [container("init", { securityContext: { privileged: true } })] }, {}, "team-a")), /Privileged containers/);
        });

        it("refuses the node's network, PID and IPC namespaces", () => {
            for (const field of ["hostNetwork", "hostPID", "hostIPC"]) refused(policy, create(pod({ [field]: true, containers: [container("x")] }, "default")), /node's network, PID or IPC namespace/);
            accepted(policy, create(pod({ hostNetwork: false, containers: [container("x")] }, "default")));
        });

        it("refuses hostPath volumes", () => {
            refused(policy, create(pod({ volumes: [{ name: "cfg", configMap: { name: "c" } }, { name: "root", hostPath: { path: "/" } }], containers: [container("x")] }, "default")), /hostPath volumes/);
        });

        it("refuses capabilities beyond the restricted set", () => {
            refused(policy, create(pod({ containers: [container("x", { securityContext: { capabilities: { add: ["NET_BIND_SERVICE", "SYS_ADMIN"] } } })] }, "default")), /add no capability but NET_BIND_SERVICE/);
        });

        it("refuses an empty list of privileged namespaces: kube-system's agents would be locked out", () => {
            assert.throws(() => renderPrivilegedPodsPolicy({ privilegedNamespaces: [] }), /kube-system/);
        });
    });

    describe("operator rollouts", () => {
        const policy = renderOperatorRolloutsPolicy({ groups: ["signal-trading-deployers"] });
        const OPERATOR = { username: "arn:aws:sts::111122223333:assumed-role/on-call/jane", groups: ["signal-trading-deployers", "system:authenticated"] };
        const running = deployment(podSpec({ serviceAccountName: "gateway" }), { annotations: { "prometheus.io/scrape": "true" } });
        const operatorUpdate = (changed: Json) => update(running, changed, { userInfo: OPERATOR });
        const withTemplate = (change: (template: Json) => void) => {
            const copy = structuredClone(running) as Json;
            change(copy.spec.template);
            return copy;
        };

        it("applies to updates of Deployments and StatefulSets by the operator groups", () => {
            assert.deepEqual(policy.spec.matchConstraints.resourceRules, [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments", "statefulsets"], operations: ["UPDATE"] }]);
            notMatched(policy, update(running, withTemplate((t) => { t.spec.containers[0].image = "docker.io/library/busybox"; }), { userInfo: { username: "pulumi", groups: ["system:authenticated"] } }));
            notMatched(policy, update(running, withTemplate((t) => { t.spec.containers[0].image = "docker.io/library/busybox"; }), { userInfo: { username: "system:serviceaccount:kube-system:deployment-controller" } }));
        });

        it("admits a restart, and a second one", () => {
            const restarted = withTemplate((t) => { t.metadata.annotations[RESTARTED_AT_ANNOTATION] = "2026-12-05T12:00:00Z"; });
            accepted(policy, operatorUpdate(restarted));
            const again = structuredClone(restarted) as Json;
            again.spec.template.metadata.annotations[RESTARTED_AT_ANNOTATION] = "2026-12-05T13:00:00Z";
            accepted(policy, update(restarted, again, { userInfo: OPERATOR }));
        });

        it("admits pause and resume", () => {
            const paused = { ...running, spec: { ...running.spec, paused: true } };
            accepted(policy, operatorUpdate(paused));
            accepted(policy, update(paused, running, { userInfo: OPERATOR }));
        });

        it("admits a restart of a StatefulSet", () => {
            const statefulSet = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "redis", namespace: APP_NAMESPACE }, spec: { replicas: 1, serviceName: "redis", selector: { matchLabels: { app: "redis" } }, updateStrategy: { type: "RollingUpdate" }, template: { metadata: { labels: { app: "redis" } }, spec: podSpec() } } };
            const restarted = structuredClone(statefulSet) as Json;
            restarted.spec.template.metadata.annotations = { [RESTARTED_AT_ANNOTATION]: "2026-12-05T12:00:00Z" };
            accepted(policy, update(statefulSet, restarted, { userInfo: OPERATOR }));
            refused(policy, update(statefulSet, { ...statefulSet, spec: { ...statefulSet.spec, updateStrategy: { type: "OnDelete" } } }, { userInfo: OPERATOR }), /spec fields are changed only by a deployment/);
        });

        it("refuses an image change", () => {
            refused(policy, operatorUpdate(withTemplate((t) => { t.spec.containers[0].image = "docker.io/library/busybox:1.37"; })), /pod spec \(images, volumes, Secrets, environment, service account\) is changed only by a deployment/);
        });

        it("refuses an added Secret volume and its mount", () => {
            refused(policy, operatorUpdate(withTemplate((t) => {
                t.spec.volumes = [{ name: "stolen", secret: { secretName: "database-credentials" } }];
                t.spec.containers[0].volumeMounts = [{ name: "stolen", mountPath: "/stolen" }];
            })), /pod spec/);
        });

        it("refuses an environment change, a Secret reference included", () => {
            refused(policy, operatorUpdate(withTemplate((t) => { t.spec.containers[0].env = [{ name: "LOG_LEVEL", value: "debug" }]; })), /pod spec/);
            refused(policy, operatorUpdate(withTemplate((t) => { t.spec.containers[0].env = [{ name: "KEY", valueFrom: { secretKeyRef: { name: "jwt-signing-keys", key: "initial" } } }]; })), /pod spec/);
        });

        it("refuses another service account", () => {
            refused(policy, operatorUpdate(withTemplate((t) => { t.spec.serviceAccountName = "ml"; })), /pod spec/);
        });

        it("refuses template labels and annotations other than the restart's, added, changed or removed", () => {
            refused(policy, operatorUpdate(withTemplate((t) => { t.metadata.labels.app = "data"; })), /labels and annotations other than kubectl\.kubernetes\.io\/restartedAt/);
            refused(policy, operatorUpdate(withTemplate((t) => { t.metadata.annotations["prometheus.io/scrape"] = "false"; })), /labels and annotations/);
            refused(policy, operatorUpdate(withTemplate((t) => { delete t.metadata.annotations; })), /labels and annotations/);
            refused(policy, operatorUpdate(withTemplate((t) => { t.metadata.annotations["sidecar.example.com/inject"] = "true"; })), /labels and annotations/);
        });

        it("refuses rollout undo, which writes an earlier template back", () => {
            const earlier = withTemplate((t) => { t.spec.containers[0].image = `${REGISTRY}signal-trading-prod-gateway:0.9.0@${DIGEST}`; });
            refused(policy, operatorUpdate(earlier), /promote the earlier image digest through the delivery pipeline/);
        });

        it("refuses replicas and strategy changes", () => {
            refused(policy, operatorUpdate({ ...running, spec: { ...running.spec, replicas: 10 } }), /the HPA owns replicas/);
            refused(policy, operatorUpdate({ ...running, spec: { ...running.spec, strategy: { type: "Recreate" } } }), /spec fields/);
            const { revisionHistoryLimit: _, ...withoutHistory } = running.spec;
            refused(policy, operatorUpdate({ ...running, spec: withoutHistory }), /spec fields/);
        });

        it("needs a group to restrict", () => {
            assert.throws(() => renderOperatorRolloutsPolicy({ groups: [] }), /no group/);
        });
    });

    describe("bindings and arguments", () => {
        it("binds each policy by its name, denying and auditing", () => {
            assert.deepEqual(renderBinding("signal-trading-privileged-pods"), {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingAdmissionPolicyBinding",
                metadata: { name: "signal-trading-privileged-pods", labels: { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" } },
                spec: { policyName: "signal-trading-privileged-pods", validationActions: ["Deny", "Audit"] },
            });
        });

        it("refuses a Kubernetes version without admissionregistration.k8s.io/v1 policies and an empty namespace selector", () => {
            assert.deepEqual(validateAdmissionPoliciesArgs({ kubernetesVersion: "1.36", applicationNamespaceLabels: APPLICATION_NAMESPACE_LABELS }), []);
            assert.deepEqual(validateAdmissionPoliciesArgs({ kubernetesVersion: "1.29", applicationNamespaceLabels: {} }), [
                "Kubernetes 1.29 has no admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (GA in 1.30)",
                "no label selects the application namespaces: the image policy would apply to every namespace",
            ]);
        });
    });
});
