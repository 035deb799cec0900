import { grants, namespaceOf, Permission, RBAC_GROUP, rbacRulesOf } from "../lib/access";
import { isKind, objectName } from "../lib/kubernetes";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

interface Config {
    allowedRoles: string[];
}

interface SensitiveOperation {
    /** What the role can do, as messages say it. */
    does: string;
    /** Why that matters. */
    because: string;
    /** The permissions the operation needs, all of them (in one rule or several). */
    needs: Permission[];
}

const ROLES = ["roles", "clusterroles"];

/**
 * The operations that turn a role into more than it says: reading credentials, running
 * commands in other pods, granting or assuming rights the holder does not have, and
 * controlling what admission or the cluster's CA accept.
 */
const SENSITIVE_OPERATIONS: readonly SensitiveOperation[] = [
    {
        does: "read Secrets (get, list or watch secrets)", because: "it reads every credential in its scope",
        needs: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
    },
    {
        // kubectl streams over WebSockets, which clusters before Kubernetes 1.35 authorize as get, not create.
        does: "exec or attach into pods (create or get on pods/exec, pods/attach)", because: "it runs commands in other workloads with their identity",
        needs: [{ apiGroups: [""], resources: ["pods/exec", "pods/attach"], verbs: ["create", "get"] }],
    },
    {
        does: "bind roles (bind on roles, clusterroles)", because: "it grants roles whose permissions it does not hold",
        needs: [{ apiGroups: [RBAC_GROUP], resources: ROLES, verbs: ["bind"] }],
    },
    {
        does: "escalate roles (escalate on roles, clusterroles)", because: "it edits roles to grant permissions it does not hold",
        needs: [{ apiGroups: [RBAC_GROUP], resources: ROLES, verbs: ["escalate"] }],
    },
    {
        does: "impersonate users, groups or service accounts", because: "it acts with the rights of anyone it names",
        needs: [{ apiGroups: ["", "authentication.k8s.io"], resources: ["users", "groups", "serviceaccounts", "uids", "userextras/*"], verbs: ["impersonate"] }],
    },
    {
        does: "change admission webhook configurations", because: "it decides which admission checks run and can intercept every object",
        needs: [{ apiGroups: ["admissionregistration.k8s.io"], resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], verbs: ["create", "update", "patch", "delete"] }],
    },
    {
        does: "approve certificate signing requests", because: "it issues client certificates for any user or group",
        needs: [
            { apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update", "patch"] },
            { apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"] },
        ],
    },
];

/** How config names a role: a ClusterRole by name, a Role as `<namespace>/<name>`. */
function roleId(type: string, props: Record<string, any>): string {
    const name = objectName(props) ?? "?";
    return isKind(type, RBAC_GROUP, "ClusterRole") ? name : `${namespaceOf(props)}/${name}`;
}

/**
 * Read Secrets, exec into pods, bind, escalate and impersonate are the verbs through which a
 * modest role becomes cluster-admin; some controllers need one of them, so each grant is
 * reported for a person to confirm and list.
 */
export const kubernetesRbacRestrictSensitiveVerbs: PackResourcePolicy = {
    name: "kubernetes-rbac-restrict-sensitive-verbs",
    description: "Roles and ClusterRoles should not grant reading Secrets, exec/attach into pods, bind, escalate or impersonate, control over admission webhook configurations, or approval of certificate signing requests, unless the role is allowed.",
    rationale: "Reading Secrets, exec, bind, escalate and impersonate are how a modest role becomes cluster-admin, so a person confirms each grant.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "rbac", "kubernetes", "source:CIS EKS 4.1.2", "source:CIS EKS 4.1.8", "source:CKV_K8S_155", "source:CKV_K8S_156", "source:CKV_K8S_157", "source:CKV_K8S_158"],
    remediationSteps: "Remove the verb from the role, or narrow it with resourceNames to the one object the workload needs (e.g. its own Secret); mount Secrets into the pod instead of reading them through the API. A controller that needs the permission by design is listed in allowedRoles in the policy config (ClusterRoles by name, Roles as \"<namespace>/<name>\").",
    configSchema: {
        properties: {
            allowedRoles: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: [],
                description: "Roles that may hold sensitive permissions: ClusterRoles by name, Roles as \"<namespace>/<name>\".",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const rules = rbacRulesOf(args.type, args.props);
        if (!rules || args.getConfig<Config>().allowedRoles.includes(roleId(args.type, args.props))) return;
        for (const operation of SENSITIVE_OPERATIONS) {
            const granting = operation.needs.map((permission) => rules.filter(({ rule }) => grants(rule, permission)).map(({ index }) => `rules[${index}]`));
            if (granting.every((where) => where.length > 0)) {
                reportViolation(`${describe(args)} can ${operation.does} through ${[...new Set(granting.flat())].join(", ")}: ${operation.because}.`);
            }
        }
    },
};
