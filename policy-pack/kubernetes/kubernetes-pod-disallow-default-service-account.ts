import { namespaceOf } from "../lib/access";
import { isKind, objectName } from "../lib/kubernetes";
import { podOf, serviceAccountNameOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    tokenAllowedServiceAccounts: string[];
}

/**
 * Every namespace's `default` service account is shared by every pod that names none, so
 * whatever RBAC or IAM role it gets, all of them get. And a mounted token is an API
 * credential in every container's filesystem: only pods that call the Kubernetes API need
 * one, and those are listed by name.
 */
export const kubernetesPodDisallowDefaultServiceAccount: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-default-service-account",
    description: "Pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must name a serviceAccountName other than \"default\" and set automountServiceAccountToken: false unless their <namespace>/<serviceAccount> is allowed a token; ServiceAccounts named \"default\" must set automountServiceAccountToken: false.",
    rationale: "A shared default service account gives every pod that names none the same rights, and a mounted token is an API credential in every container.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "identity", "kubernetes", "source:CIS EKS 4.1.5", "source:CIS EKS 4.1.6", "source:CKV_K8S_38"],
    remediationSteps: "Give the workload its own ServiceAccount (ServiceAccountRole with createServiceAccount, or a ServiceAccount next to the workload) and set serviceAccountName to it in the workload's renderer; set automountServiceAccountToken: false on the pod spec, or, for a pod that calls the Kubernetes API, add \"<namespace>/<serviceAccount>\" to tokenAllowedServiceAccounts in the policy config. On a declared `default` ServiceAccount set automountServiceAccountToken: false.",
    configSchema: {
        properties: {
            tokenAllowedServiceAccounts: {
                type: "array",
                items: { type: "string", pattern: "^[^/]+/[^/]+$" },
                default: [],
                description: "Service accounts, as \"<namespace>/<serviceAccount>\", whose pods may mount an API token (pods that call the Kubernetes API).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (isKind(args.type, "core", "ServiceAccount")) {
            const automount = args.props.automountServiceAccountToken;
            if (objectName(args.props) === "default" && automount !== false) {
                reportViolation(`${describe(args)} is the namespace's default service account and leaves automountServiceAccountToken ${automount === undefined ? "unset (true)" : JSON.stringify(automount)}, so every pod that names no account gets an API token.`);
            }
            return;
        }
        const pod = podOf(args.type, args.props);
        if (!pod) return;
        const account = serviceAccountNameOf(pod.spec);
        if (account === undefined) {
            reportViolation(`${describe(args)} names no serviceAccountName, so its pods run as the namespace's default service account.`);
        } else if (account === "default") {
            reportViolation(`${describe(args)} runs its pods as the default service account (serviceAccountName: default).`);
        }
        const identity = `${namespaceOf(args.props)}/${account ?? "default"}`;
        const automount = pod.spec.automountServiceAccountToken;
        if (automount !== false && !args.getConfig<Config>().tokenAllowedServiceAccounts.includes(identity)) {
            reportViolation(`${describe(args)} lets its pods mount the API token of service account ${identity} (automountServiceAccountToken ${automount === undefined ? "unset, which leaves it to the ServiceAccount, true by default" : `is ${JSON.stringify(automount)}`}); set it to false, or allow ${identity} in tokenAllowedServiceAccounts.`);
        }
    },
};
