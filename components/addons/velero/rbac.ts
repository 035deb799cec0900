/**
 * Velero's standing rights in the cluster, instead of the chart's default binding to
 * cluster-admin. The chart (12.1.0, templates/clusterrolebinding.yaml and role.yaml) renders,
 * with `rbac.clusterAdministrator: false`, only a Role over the velero namespace; it renders no
 * ClusterRole of its own, so without the rules below Velero could not read a single object of
 * the namespaces its schedules cover.
 *
 * Backups only read: every kind a schedule may include, listed by API group (no wildcards, so
 * an API a later add-on installs is not covered until it is added here: its objects then fail
 * the weekly backup, which reports PartiallyFailed and fires VeleroBackupPartiallyFailed).
 * Secrets are not readable: no schedule backs them up (schedules.ts EXCLUDED_RESOURCES).
 * Restores write; they are rare, started by a cluster administrator, and get a temporary
 * binding for their duration (docs/backup-and-restore.md, "Before any restore").
 */
import { VELERO_NAMESPACE } from "./schedules";
import { VELERO_SERVICE_ACCOUNT } from "./values";

export const VELERO_BACKUP_CLUSTER_ROLE = "velero-backup-reader";

export interface RbacRule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

/** What the schedules back up, by API group: the built-in APIs of Kubernetes 1.36 and the CRDs of the add-ons this platform installs. */
export const BACKED_UP_KINDS: Record<string, string[]> = {
    "": ["namespaces", "pods", "services", "endpoints", "configmaps", "serviceaccounts", "persistentvolumeclaims", "persistentvolumes",
        "limitranges", "resourcequotas", "replicationcontrollers", "podtemplates", "nodes", "events"],
    "apps": ["deployments", "statefulsets", "daemonsets", "replicasets", "controllerrevisions"],
    "batch": ["jobs", "cronjobs"],
    "autoscaling": ["horizontalpodautoscalers"],
    "policy": ["poddisruptionbudgets"],
    "networking.k8s.io": ["networkpolicies", "ingresses", "ingressclasses", "ipaddresses", "servicecidrs"],
    "discovery.k8s.io": ["endpointslices"],
    "events.k8s.io": ["events"],
    "rbac.authorization.k8s.io": ["roles", "rolebindings", "clusterroles", "clusterrolebindings"],
    "storage.k8s.io": ["storageclasses", "csidrivers", "csinodes", "volumeattachments", "csistoragecapacities", "volumeattributesclasses"],
    "apiextensions.k8s.io": ["customresourcedefinitions"],
    "apiregistration.k8s.io": ["apiservices"],
    "admissionregistration.k8s.io": ["validatingwebhookconfigurations", "mutatingwebhookconfigurations", "validatingadmissionpolicies",
        "validatingadmissionpolicybindings", "mutatingadmissionpolicies", "mutatingadmissionpolicybindings"],
    "scheduling.k8s.io": ["priorityclasses"],
    "coordination.k8s.io": ["leases"],
    "node.k8s.io": ["runtimeclasses"],
    "flowcontrol.apiserver.k8s.io": ["flowschemas", "prioritylevelconfigurations"],
    "certificates.k8s.io": ["certificatesigningrequests"],
    "resource.k8s.io": ["deviceclasses", "resourceclaims", "resourceclaimtemplates", "resourceslices"],
    "metrics.k8s.io": ["pods", "nodes"],
    "snapshot.storage.k8s.io": ["volumesnapshots", "volumesnapshotcontents", "volumesnapshotclasses"],
    // cert-manager
    "cert-manager.io": ["certificates", "certificaterequests", "issuers", "clusterissuers"],
    "acme.cert-manager.io": ["orders", "challenges"],
    // prometheus-operator-crds
    "monitoring.coreos.com": ["alertmanagerconfigs", "alertmanagers", "podmonitors", "probes", "prometheusagents", "prometheuses",
        "prometheusrules", "scrapeconfigs", "servicemonitors", "thanosrulers"],
    // the nginx-ingress chart's CRDs (Helm installs all of them, used or not)
    "k8s.nginx.org": ["virtualservers", "virtualserverroutes", "transportservers", "policies", "globalconfigurations"],
    "externaldns.nginx.org": ["dnsendpoints"],
    "appprotect.f5.com": ["appolicies", "aplogconfs", "apusersigs"],
    "appprotectdos.f5.com": ["apdoslogconfs", "apdospolicies", "dosprotectedresources"],
    // vertical-pod-autoscaler
    "autoscaling.k8s.io": ["verticalpodautoscalers", "verticalpodautoscalercheckpoints"],
    // the EKS vpc-cni add-on
    "crd.k8s.amazonaws.com": ["eniconfigs"],
    "networking.k8s.aws": ["policyendpoints"],
    "vpcresources.k8s.aws": ["cninodes", "securitygrouppolicies"],
};

/** Read-only rules over BACKED_UP_KINDS: what a backup lists, gets and (in the server's caches) watches. */
export function veleroBackupRules(): RbacRule[] {
    return Object.entries(BACKED_UP_KINDS).map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ["get", "list", "watch"] }));
}

const LABELS = { "app.kubernetes.io/name": "velero", "app.kubernetes.io/part-of": "signal-trading-platform" };

/** The ClusterRole and its binding to Velero's server account. */
export function veleroClusterRbac() {
    return {
        clusterRole: { metadata: { name: VELERO_BACKUP_CLUSTER_ROLE, labels: LABELS }, rules: veleroBackupRules() },
        clusterRoleBinding: {
            metadata: { name: VELERO_BACKUP_CLUSTER_ROLE, labels: LABELS },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: VELERO_BACKUP_CLUSTER_ROLE },
            subjects: [{ kind: "ServiceAccount", name: VELERO_SERVICE_ACCOUNT, namespace: VELERO_NAMESPACE }],
        },
    };
}
