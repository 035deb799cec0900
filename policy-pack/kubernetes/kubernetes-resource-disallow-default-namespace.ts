import { apiGroupOf, HELM_TYPES, objectNamespace } from "../lib/kubernetes";
import { kindOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/**
 * Kinds that live outside any namespace, as `<API group>/<Kind>` (`core` for the core group):
 * this policy does not apply to them. A cluster-scoped custom resource the program starts to
 * declare goes here.
 */
export const CLUSTER_SCOPED_KINDS: readonly string[] = [
    "core/Namespace",
    "core/Node",
    "core/PersistentVolume",
    "rbac.authorization.k8s.io/ClusterRole",
    "rbac.authorization.k8s.io/ClusterRoleBinding",
    "storage.k8s.io/StorageClass",
    "storage.k8s.io/CSIDriver",
    "storage.k8s.io/CSINode",
    "storage.k8s.io/VolumeAttachment",
    "scheduling.k8s.io/PriorityClass",
    "node.k8s.io/RuntimeClass",
    "apiextensions.k8s.io/CustomResourceDefinition",
    "apiregistration.k8s.io/APIService",
    "admissionregistration.k8s.io/MutatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
    "certificates.k8s.io/CertificateSigningRequest",
    "flowcontrol.apiserver.k8s.io/FlowSchema",
    "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
    "networking.k8s.io/IngressClass",
    "cert-manager.io/ClusterIssuer",
];

/** Type tokens of Pulumi components that hold Kubernetes objects but are none themselves (the objects are judged on their own). */
const COMPONENT_GROUPS = ["helm.sh", "yaml", "kustomize"];

/**
 * The default namespace is where everything lands that nobody placed: it has no Pod Security
 * label, default-deny policy, quota or limits of the namespace baseline, and RBAC granted
 * there reaches whatever else was dropped in it.
 */
export const kubernetesResourceDisallowDefaultNamespace: PackResourcePolicy = {
    name: "kubernetes-resource-disallow-default-namespace",
    description: "Namespaced Kubernetes objects must set metadata.namespace to a namespace other than \"default\" (unset means default), and Helm releases and charts must set a `namespace` other than \"default\"; cluster-scoped kinds are exempt.",
    rationale: "The default namespace has none of the baseline's Pod Security label, default-deny policy, quota or limits, so whatever lands there runs unguarded.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "kubernetes", "source:CIS EKS 4.5.2", "source:CKV_K8S_21"],
    remediationSteps: "Set metadata.namespace on the object to the namespace of its component (a namespace created through the namespace baseline, e.g. an add-on's declared namespace), or pass `namespace` to chartRelease; for a new cluster-scoped custom resource kind, add `<group>/<Kind>` to CLUSTER_SCOPED_KINDS in this policy.",
    validateResource: (args, reportViolation) => {
        if (HELM_TYPES.includes(args.type)) {
            const namespace = args.props.namespace;
            if (typeof namespace !== "string" || namespace === "") {
                reportViolation(`${describe(args)} sets no namespace, so Helm installs the release into the default namespace.`);
            } else if (namespace === "default") {
                reportViolation(`${describe(args)} installs the release into the default namespace.`);
            }
            return;
        }
        const group = apiGroupOf(args.type);
        const kind = kindOf(args.type);
        if (!group || !kind || COMPONENT_GROUPS.includes(group)) return;
        // A <Kind>Patch resource changes an existing object of <Kind>, with the same scope.
        if (CLUSTER_SCOPED_KINDS.includes(`${group}/${kind.replace(/Patch$/, "")}`)) return;
        const namespace = objectNamespace(args.props);
        if (namespace === undefined) {
            reportViolation(`${describe(args)} sets no metadata.namespace, so it is created in the default namespace.`);
        } else if (namespace === "default") {
            reportViolation(`${describe(args)} is in the default namespace.`);
        }
    },
};
