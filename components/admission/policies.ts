/**
 * ValidatingAdmissionPolicies (admissionregistration.k8s.io/v1) for what the program does not
 * create itself: objects made with kubectl, by controllers or by Velero restores. The policy
 * pack checks what Pulumi deploys; these checks run in the API server on every request, so the
 * same rules hold for everything else. Pure data: the component (admission-policies.ts) only
 * creates the objects, and the tests evaluate each expression with a CEL engine.
 *
 * Every policy fails closed (failurePolicy Fail): its expressions run inside the API server, so
 * there is no webhook that could be unavailable, and an expression error means a policy bug that
 * should stop the request rather than let it through unchecked.
 */

/** The annotation `kubectl rollout restart` sets on a pod template; changing it rolls the pods and nothing else. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

/** The capabilities the restricted Pod Security Standard lets a container add. */
export const RESTRICTED_ADDABLE_CAPABILITIES = ["NET_BIND_SERVICE"];

/** The label every namespace carries with its own name (set by the API server, which nobody can change). */
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Users that create pods on behalf of a workload object: the controllers of kube-controller-manager,
 * which on EKS run with their own kube-system service accounts (replicaset-controller,
 * daemon-set-controller, job-controller, statefulset-controller), or as the controller manager itself.
 */
const CONTROLLER_USERS = { serviceAccountPrefix: "system:serviceaccount:kube-system:", controllerManager: "system:kube-controller-manager" };

export const ADMISSION_POLICY_NAMES = {
    applicationImages: "signal-trading-application-images",
    systemServiceAccounts: "signal-trading-system-service-accounts",
    privilegedPods: "signal-trading-privileged-pods",
    operatorRollouts: "signal-trading-operator-rollouts",
} as const;

type Operation = "CREATE" | "UPDATE" | "DELETE";

interface ResourceRule {
    apiGroups: string[];
    apiVersions: string[];
    resources: string[];
    operations: Operation[];
}

interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: "In" | "NotIn"; values: string[] }[];
}

interface Validation {
    expression: string;
    message: string;
    reason: "Forbidden" | "Invalid";
}

export interface AdmissionPolicy {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicy";
    metadata: { name: string; labels: Record<string, string> };
    spec: {
        failurePolicy: "Fail";
        matchConstraints: { resourceRules: ResourceRule[]; namespaceSelector?: LabelSelector };
        matchConditions?: { name: string; expression: string }[];
        variables?: { name: string; expression: string }[];
        validations: Validation[];
    };
}

export interface AdmissionPolicyBinding {
    apiVersion: "admissionregistration.k8s.io/v1";
    kind: "ValidatingAdmissionPolicyBinding";
    metadata: { name: string; labels: Record<string, string> };
    spec: { policyName: string; validationActions: ("Deny" | "Audit")[] };
}

/** Objects of the platform carry these labels, like every other object the program creates. */
const LABELS = { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" };

/**
 * Pods, the pods `kubectl debug` adds ephemeral containers to, and every built-in object that
 * stamps out pods from a template: refusing a Deployment at once tells its author, where
 * refusing only its pods would leave a ReplicaSet silently failing to create them.
 */
export const POD_RESOURCE_RULES: ResourceRule[] = [
    { apiGroups: [""], apiVersions: ["v1"], resources: ["pods"], operations: ["CREATE", "UPDATE"] },
    { apiGroups: [""], apiVersions: ["v1"], resources: ["pods/ephemeralcontainers"], operations: ["UPDATE"] },
    { apiGroups: ["apps"], apiVersions: ["v1"], resources: ["deployments", "replicasets", "statefulsets", "daemonsets"], operations: ["CREATE", "UPDATE"] },
    { apiGroups: ["batch"], apiVersions: ["v1"], resources: ["jobs", "cronjobs"], operations: ["CREATE", "UPDATE"] },
];

/**
 * An update that leaves the spec alone (labels, finalizers, owner references, a scale through
 * the scale subresource) is not judged again: an object admitted before a policy existed, or
 * before its allow-list changed, can still be adopted, garbage-collected and drained.
 */
const SPEC_CHANGED = { name: "spec-changed", expression: "request.operation != 'UPDATE' || object.spec != oldObject.spec" };

/** The pod spec of a Pod or of the template of a workload object, whichever the request carries. */
const POD_SPEC = {
    name: "podSpec",
    expression: "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
};

/**
 * `predicate` holds for every container, init container and ephemeral container of the pod spec.
 * One comprehension per list: the three are different types to the API server's type checker.
 */
function everyContainer(predicate: (container: string) => string): string {
    const spec = "variables.podSpec";
    return [
        `${spec}.containers.all(c, ${predicate("c")})`,
        `(!has(${spec}.initContainers) || ${spec}.initContainers.all(c, ${predicate("c")}))`,
        `(!has(${spec}.ephemeralContainers) || ${spec}.ephemeralContainers.all(c, ${predicate("c")}))`,
    ].join(" && ");
}

/** A CEL string literal. */
function celString(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function celList(values: readonly string[]): string {
    return `[${values.map(celString).join(", ")}]`;
}

export function policyMetadata(name: string): AdmissionPolicy["metadata"] {
    return { name, labels: LABELS };
}

function policy(name: string, spec: AdmissionPolicy["spec"]): AdmissionPolicy {
    return { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy", metadata: policyMetadata(name), spec };
}

/**
 * The binding that puts a policy in force. Deny refuses the request; Audit also records the
 * refusal in the API server's audit log (the control plane's audit logs go to CloudWatch), so
 * attempts are visible after the fact. Both environments deny: dev must refuse what prod refuses,
 * or a change that prod would refuse passes dev unnoticed.
 */
export function renderBinding(policyName: string): AdmissionPolicyBinding {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: policyName, labels: LABELS },
        spec: { policyName, validationActions: ["Deny", "Audit"] },
    };
}

// ------------------------------------------------------------------ a. images of application namespaces

export interface ApplicationImagesInputs {
    /** Labels that mark the application namespaces (from their baseline). */
    namespaceLabels: Record<string, string>;
    /** `<account>.dkr.ecr.<region>.amazonaws.com/`: the one registry application pods pull from. */
    registryPrefix: string;
    /** Every image must name its digest; a tag alone is refused. */
    requireDigest: boolean;
}

/** The registry of an account in a region, as image references start. */
export function ecrRegistryPrefix(accountId: string, region: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com/`;
}

export function renderApplicationImagesPolicy(inputs: ApplicationImagesInputs): AdmissionPolicy {
    return policy(ADMISSION_POLICY_NAMES.applicationImages, {
        failurePolicy: "Fail",
        matchConstraints: { resourceRules: POD_RESOURCE_RULES, namespaceSelector: { matchLabels: inputs.namespaceLabels } },
        matchConditions: [SPEC_CHANGED],
        variables: [POD_SPEC],
        validations: [
            {
                expression: everyContainer((c) => `${c}.image.startsWith(${celString(inputs.registryPrefix)})`),
                message: `Images of application namespaces come from this account's ECR registry ${inputs.registryPrefix} only: push the image there, or pull it through the registry's pull-through cache, and reference it by that address.`,
                reason: "Forbidden",
            },
            ...(inputs.requireDigest ? [{
                expression: everyContainer((c) => `${c}.image.matches('@sha256:[0-9a-f]{64}$')`),
                message: "Images of application namespaces are pinned by digest in this environment: reference <repository>:<tag>@sha256:<digest>, with the digest ECR returned for the push.",
                reason: "Forbidden" as const,
            }] : []),
        ],
    });
}

// ------------------------------------------------------------------ b. who runs in the system namespaces

export interface SystemServiceAccountsInputs {
    /** Per system namespace, the service accounts the platform's own pods there run as. */
    serviceAccounts: Record<string, readonly string[]>;
}

/** A problem with the inputs, as a sentence; empty when they are sound. */
export function validateSystemServiceAccounts(inputs: SystemServiceAccountsInputs): string[] {
    const entries = Object.entries(inputs.serviceAccounts);
    return [
        ...(entries.length === 0 ? ["no system namespace is listed"] : []),
        ...entries.filter(([, accounts]) => accounts.length === 0).map(([namespace]) => `namespace ${namespace} lists no service account: every pod there would be refused`),
        ...entries.flatMap(([namespace, accounts]) => accounts.filter((a, i) => accounts.indexOf(a) !== i).map((a) => `namespace ${namespace} lists the service account ${a} twice`)),
    ];
}

/**
 * kube-system and node-exporter run the node's own agents with host access and AWS roles (the
 * CNI's, the EBS driver's, the autoscaler's): a pod there that borrows one of those service
 * accounts, or a new one with host access, would hold them. Only the expected service accounts,
 * and pods only from their controllers, so a person cannot start or debug a pod there directly.
 */
export function renderSystemServiceAccountsPolicy(inputs: SystemServiceAccountsInputs): AdmissionPolicy {
    const problems = validateSystemServiceAccounts(inputs);
    if (problems.length > 0) throw new Error(`invalid system service accounts: ${problems.join("; ")}`);
    const namespaces = Object.keys(inputs.serviceAccounts);
    const allowed = `{${Object.entries(inputs.serviceAccounts).map(([namespace, accounts]) => `${celString(namespace)}: ${celList(accounts)}`).join(", ")}}`;
    const listing = Object.entries(inputs.serviceAccounts).map(([namespace, accounts]) => `${namespace}: ${accounts.join(", ")}`).join("; ");
    return policy(ADMISSION_POLICY_NAMES.systemServiceAccounts, {
        failurePolicy: "Fail",
        matchConstraints: {
            resourceRules: POD_RESOURCE_RULES,
            namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: namespaces }] },
        },
        matchConditions: [SPEC_CHANGED],
        variables: [POD_SPEC, { name: "allowed", expression: allowed }],
        validations: [
            {
                expression: "request.namespace in variables.allowed && has(variables.podSpec.serviceAccountName) && variables.podSpec.serviceAccountName in variables.allowed[request.namespace]",
                message: `Pods of the system namespaces run only as the platform's own service accounts (${listing}): run other workloads in a namespace of their own.`,
                reason: "Forbidden",
            },
            {
                expression: `object.kind != 'Pod' || request.userInfo.username.startsWith(${celString(CONTROLLER_USERS.serviceAccountPrefix)}) || request.userInfo.username == ${celString(CONTROLLER_USERS.controllerManager)}`,
                message: "Pods of the system namespaces are created by their controllers only (DaemonSet, Deployment, Job): a pod or debug container started by hand there would share the node agents' host access and AWS roles. Debug from the node or another namespace.",
                reason: "Forbidden",
            },
        ],
    });
}

// ------------------------------------------------------------------ c. privileged pods elsewhere

export interface PrivilegedPodsInputs {
    /** The namespaces whose baseline allows privileged pods; every other namespace is checked. */
    privilegedNamespaces: readonly string[];
}

/**
 * Pod Security Admission enforces each platform namespace's level, but only where the label
 * says so: namespaces made by hand, `default`, or a namespace whose label someone lowered get
 * no check. This policy refuses host access everywhere except the namespaces whose baseline is
 * privileged with a written exemption.
 */
export function renderPrivilegedPodsPolicy(inputs: PrivilegedPodsInputs): AdmissionPolicy {
    if (inputs.privilegedNamespaces.length === 0) throw new Error("invalid privileged namespaces: kube-system at least runs the node agents");
    const context = (c: string) => `has(${c}.securityContext)`;
    return policy(ADMISSION_POLICY_NAMES.privilegedPods, {
        failurePolicy: "Fail",
        matchConstraints: {
            resourceRules: POD_RESOURCE_RULES,
            namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "NotIn", values: [...inputs.privilegedNamespaces] }] },
        },
        matchConditions: [SPEC_CHANGED],
        variables: [POD_SPEC],
        validations: [
            {
                expression: everyContainer((c) => `!${context(c)} || !has(${c}.securityContext.privileged) || !${c}.securityContext.privileged`),
                message: `Privileged containers run only in ${inputs.privilegedNamespaces.join(", ")}: remove securityContext.privileged.`,
                reason: "Forbidden",
            },
            {
                expression: ["hostNetwork", "hostPID", "hostIPC"].map((field) => `!(has(variables.podSpec.${field}) && variables.podSpec.${field})`).join(" && "),
                message: `Pods share the node's network, PID or IPC namespace only in ${inputs.privilegedNamespaces.join(", ")}: remove hostNetwork, hostPID and hostIPC.`,
                reason: "Forbidden",
            },
            {
                expression: "!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))",
                message: `hostPath volumes are mounted only in ${inputs.privilegedNamespaces.join(", ")}: use a PersistentVolumeClaim, a ConfigMap or an emptyDir.`,
                reason: "Forbidden",
            },
            {
                expression: everyContainer((c) => `!${context(c)} || !has(${c}.securityContext.capabilities) || !has(${c}.securityContext.capabilities.add) || ${c}.securityContext.capabilities.add.all(cap, cap in ${celList(RESTRICTED_ADDABLE_CAPABILITIES)})`),
                message: `Containers outside ${inputs.privilegedNamespaces.join(", ")} add no capability but ${RESTRICTED_ADDABLE_CAPABILITIES.join(", ")} (the restricted Pod Security Standard): drop the others from securityContext.capabilities.add.`,
                reason: "Forbidden",
            },
        ],
    });
}

// ------------------------------------------------------------------ d. what operators may change

/** Spec fields besides the pod template and `paused`, per kind that operators may patch (apps/v1). */
export const WORKLOAD_SPEC_FIELDS = {
    Deployment: ["replicas", "selector", "strategy", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"],
    StatefulSet: ["replicas", "selector", "serviceName", "volumeClaimTemplates", "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals"],
} as const;

/** The resources of `apps` the operator Role may patch: the kinds of WORKLOAD_SPEC_FIELDS. */
export const OPERATOR_PATCHABLE_RESOURCES = ["deployments", "statefulsets"];

export interface OperatorRolloutsInputs {
    /** Kubernetes groups that hold patch rights on Deployments and StatefulSets. */
    groups: readonly string[];
}

/** The same value in both objects, or absent from both. */
function unchanged(path: string): string {
    return `(has(object.${path}) ? has(oldObject.${path}) && object.${path} == oldObject.${path} : !has(oldObject.${path}))`;
}

/** A map variable holding a template's annotations or labels, empty when it has none. */
function templateMetadata(name: string, root: "object" | "oldObject", field: "annotations" | "labels") {
    const metadata = `${root}.spec.template.metadata`;
    return { name, expression: `has(${metadata}) && has(${metadata}.${field}) ? ${metadata}.${field} : {}` };
}

const ROLLOUT_REMEDY = "operators restart (kubectl rollout restart), pause and resume rollouts; to roll back, promote the earlier image digest through the delivery pipeline (docs/delivery.md).";

/**
 * RBAC grants patch on a whole object, and a patched pod template can run any image and mount
 * any Secret of the namespace. For the operator groups, a patch of a Deployment or StatefulSet
 * may change only the restartedAt annotation of the template (a restart) and `paused`.
 */
export function renderOperatorRolloutsPolicy(inputs: OperatorRolloutsInputs): AdmissionPolicy {
    if (inputs.groups.length === 0) throw new Error("invalid operator groups: no group to restrict");
    const specFields = Object.entries(WORKLOAD_SPEC_FIELDS).map(([kind, fields]) =>
        `(object.kind != ${celString(kind)} || (${fields.map((f) => unchanged(`spec.${f}`)).join(" && ")}))`).join(" && ");
    const restart = celString(RESTARTED_AT_ANNOTATION);
    return policy(ADMISSION_POLICY_NAMES.operatorRollouts, {
        failurePolicy: "Fail",
        matchConstraints: { resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], resources: OPERATOR_PATCHABLE_RESOURCES, operations: ["UPDATE"] }] },
        matchConditions: [{ name: "operator", expression: `has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${celList(inputs.groups)})` }],
        variables: [
            templateMetadata("annotations", "object", "annotations"),
            templateMetadata("oldAnnotations", "oldObject", "annotations"),
            templateMetadata("labels", "object", "labels"),
            templateMetadata("oldLabels", "oldObject", "labels"),
        ],
        validations: [
            {
                expression: "object.spec.template.spec == oldObject.spec.template.spec",
                message: `The pod spec (images, volumes, Secrets, environment, service account) is changed only by a deployment: ${ROLLOUT_REMEDY}`,
                reason: "Forbidden",
            },
            {
                expression: `variables.labels == variables.oldLabels && variables.annotations.all(k, k == ${restart} || (k in variables.oldAnnotations && variables.oldAnnotations[k] == variables.annotations[k])) && variables.oldAnnotations.all(k, k == ${restart} || k in variables.annotations)`,
                message: `The pod template's labels and annotations other than ${RESTARTED_AT_ANNOTATION} are changed only by a deployment: ${ROLLOUT_REMEDY}`,
                reason: "Forbidden",
            },
            {
                expression: specFields,
                message: `Replicas, selector, update strategy and the other spec fields are changed only by a deployment (the HPA owns replicas): ${ROLLOUT_REMEDY}`,
                reason: "Forbidden",
            },
        ],
    });
}

// ------------------------------------------------------------------ e. write fences of add-on controllers

/** A group's resources, as an admission rule names them. */
export interface FencedResources {
    apiGroup: string;
    resources: string[];
}

/**
 * One service account's writes of some resources, allowed only in the namespaces it serves: for
 * controllers whose chart grants those writes cluster-wide and offers no namespaced RBAC (the
 * Prometheus operator, cert-manager). Their own flags keep them from wanting to write elsewhere;
 * the fence refuses them if they try (a bug, or someone holding their token). Reads are not fenced.
 */
export interface WriteFence {
    /** The policy's and its binding's name. */
    name: string;
    serviceAccount: { namespace: string; name: string };
    resources: FencedResources[];
    /** Where the service account may still write them. */
    namespaces: readonly string[];
    /** Says in the refusal what the controller is for. */
    who: string;
}

export function renderWriteFencePolicy(fence: WriteFence): AdmissionPolicy {
    const user = `system:serviceaccount:${fence.serviceAccount.namespace}:${fence.serviceAccount.name}`;
    const namespaces = [...new Set(fence.namespaces)];
    const writes: Operation[] = ["CREATE", "UPDATE", "DELETE"];
    return policy(fence.name, {
        failurePolicy: "Fail",
        matchConstraints: {
            resourceRules: fence.resources.map((r) => ({ apiGroups: [r.apiGroup], apiVersions: ["v1"], operations: writes, resources: r.resources })),
        },
        matchConditions: [{ name: "service-account", expression: `request.userInfo.username == ${celString(user)}` }],
        validations: [{
            expression: `request.namespace in ${celList(namespaces)}`,
            message: `${fence.who} writes ${fence.resources.flatMap((r) => r.resources).join(", ")} only in ${namespaces.join(", ")}`,
            reason: "Forbidden",
        }],
    });
}
