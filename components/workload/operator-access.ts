/**
 * What people may do in the application's namespace, through Kubernetes RBAC. EKS access
 * entries map operators' IAM roles to the Kubernetes groups bound here (EksClusterArgs
 * `groupAccess`), without an EKS access policy, so these Roles are all they get:
 * - readers see every workload object, its logs and events, but never Secrets;
 * - deployers also restart, pause and resume rollouts and delete pods.
 * Neither reads Secrets, execs into pods, or touches RBAC: a credential or a shell in a pod
 * stays with the platform administrators' cluster access.
 *
 * A restart is a patch, and RBAC cannot limit which fields a patch changes: with patch alone, a
 * deployer could put any image or any Secret of the namespace into a pod template. The
 * operator-rollouts admission policy (components/admission/policies.ts), bound to the same
 * groups, lets their patches change only the restart annotation and `paused`; rolling back is
 * a deployment of the earlier image digest (docs/delivery.md), not `kubectl rollout undo`.
 */
import { OPERATOR_PATCHABLE_RESOURCES } from "../admission/policies";
import { RbacRule } from "./spec";
import { APPLICATION_LABELS } from "./render/labels";

const RBAC_GROUP = "rbac.authorization.k8s.io";
const READ = ["get", "list", "watch"];

export const OPERATOR_ROLE_NAMES = { reader: "operator-reader", deployer: "operator-deployer" } as const;
export type OperatorRole = keyof typeof OPERATOR_ROLE_NAMES;

/** Every object of the application a reader sees, by API group; Secrets are left out on purpose. */
const READABLE: RbacRule[] = [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "events", "serviceaccounts", "persistentvolumeclaims"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets"], verbs: READ },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
    { apiGroups: ["autoscaling.k8s.io"], resources: ["verticalpodautoscalers"], verbs: READ },
    { apiGroups: ["monitoring.coreos.com"], resources: ["servicemonitors"], verbs: READ },
];

/**
 * What `kubectl rollout restart|pause|resume` and deleting a stuck pod need, beyond reading. The
 * patchable resources are the ones the operator-rollouts admission policy guards, from one list.
 */
const ROLLOUT: RbacRule[] = [
    { apiGroups: ["apps"], resources: OPERATOR_PATCHABLE_RESOURCES, verbs: ["patch"] },
    // A StatefulSet's earlier revisions, which `rollout history` reads.
    { apiGroups: ["apps"], resources: ["controllerrevisions"], verbs: READ },
    { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
];

const RULES: Record<OperatorRole, RbacRule[]> = { reader: READABLE, deployer: [...READABLE, ...ROLLOUT] };


/** The reader and deployer Roles of `namespace`. */
export function operatorRoles(namespace: string) {
    return (Object.keys(OPERATOR_ROLE_NAMES) as OperatorRole[]).map((role) => ({
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "Role" as const,
        metadata: { name: OPERATOR_ROLE_NAMES[role], namespace, labels: APPLICATION_LABELS },
        rules: RULES[role],
    }));
}

export interface OperatorGroups {
    /** Kubernetes groups bound to the reader Role. */
    readerGroups: string[];
    /** Kubernetes groups bound to the deployer Role. */
    deployerGroups: string[];
}

/**
 * One RoleBinding per Role that has groups. Groups the API server assigns itself (`system:`,
 * such as system:authenticated) are refused: binding one would give the Role to everybody in it.
 */
export function operatorRoleBindings(namespace: string, groups: OperatorGroups) {
    const byRole: Record<OperatorRole, string[]> = { reader: groups.readerGroups, deployer: groups.deployerGroups };
    const problems = (Object.entries(byRole) as [OperatorRole, string[]][]).flatMap(([role, names]) => [
        ...names.filter((g) => g.trim() === "" || g.startsWith("system:")).map((g) => `${role} group ${JSON.stringify(g)} is empty or a system: group`),
        ...names.filter((g, i) => names.indexOf(g) !== i).map((g) => `${role} group ${JSON.stringify(g)} is listed twice`),
    ]);
    if (problems.length > 0) throw new Error(`invalid operator groups: ${problems.join("; ")}`);
    return (Object.keys(OPERATOR_ROLE_NAMES) as OperatorRole[]).filter((role) => byRole[role].length > 0).map((role) => ({
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "RoleBinding" as const,
        metadata: { name: OPERATOR_ROLE_NAMES[role], namespace, labels: APPLICATION_LABELS },
        subjects: byRole[role].map((name) => ({ kind: "Group", apiGroup: RBAC_GROUP, name })),
        roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name: OPERATOR_ROLE_NAMES[role] },
    }));
}
