import { PolicyResource } from "@pulumi/policy";
import { isKind, objectName } from "../lib/kubernetes";
import { podOf } from "../lib/pods";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, budgetsOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, list, namespaceOf, objectsOfKind, record } from "../lib/reliability";
import { describe } from "../lib/resources";
import { ALLOWED_PROVISIONERS_SCHEMA, isDefaultStorageClass, isStorageClass, requestedClass, storageClassEncryptionProblem } from "../lib/storage";

interface Config {
    allowedProvisioners: string[];
    ignoredNamespaces: string[];
}

/** What is wrong with the class a claim (a claim template or a PersistentVolumeClaim) gets, one sentence end per problem. */
function classProblems(claim: Record<string, any>, classes: PolicyResource[], allowedProvisioners: string[]): string[] {
    const requested = requestedClass(claim);
    if (requested === undefined || requested === null) {
        const defaults = classes.filter((c) => isDefaultStorageClass(c.props));
        if (defaults.length === 0) {
            return ["names no storageClassName and no StorageClass of the stack is annotated storageclass.kubernetes.io/is-default-class \"true\", so its volumes get a default class unknown to the stack, encrypted or not"];
        }
        return defaults.flatMap((c) => {
            const problem = storageClassEncryptionProblem(c.props, allowedProvisioners);
            return problem ? [`names no storageClassName, so its volumes get the default StorageClass ${objectName(c.props) ?? c.name}, which ${problem}`] : [];
        });
    }
    if (requested === "") return ["sets storageClassName \"\", so its claims bind only to pre-provisioned PersistentVolumes whose encryption the stack does not show"];
    const storageClass = classes.find((c) => objectName(c.props) === requested);
    if (!storageClass) return [`uses StorageClass ${JSON.stringify(requested)}, which is unknown to the stack, so whether its volumes are encrypted is unknown`];
    const problem = storageClassEncryptionProblem(storageClass.props, allowedProvisioners);
    return problem ? [`uses StorageClass ${JSON.stringify(requested)}, which ${problem}`] : [];
}

/**
 * The claims whose volumes a StatefulSet's pods mount, each with how messages name it: its
 * volumeClaimTemplates, and the PersistentVolumeClaims its pod volumes name (resolved in the
 * stack, in its namespace). A pod volume named like a claim template is the template's.
 */
function claimsOf(set: PolicyResource, objects: PolicyResource[]): { text: string; claim: Record<string, any> | undefined }[] {
    const templates = list(set.props.spec?.volumeClaimTemplates).filter((t) => record(t) !== undefined);
    const templateNames = templates.map((t) => objectName(t));
    const claims = objectsOfKind(objects, "core", "PersistentVolumeClaim", namespaceOf(set.props));
    const mounted = list(podOf(set.type, set.props)?.spec.volumes)
        .filter((v) => record(v?.persistentVolumeClaim) !== undefined && !templateNames.includes(v.name))
        .map((v) => {
            const name = v.persistentVolumeClaim.claimName;
            return { text: `volumes[${v.name ?? "?"}] (PersistentVolumeClaim ${JSON.stringify(name ?? null)})`, claim: claims.find((c) => objectName(c.props) === name)?.props };
        });
    return [...templates.map((t) => ({ text: `volumeClaimTemplates[${objectName(t) ?? "?"}]`, claim: t })), ...mounted];
}

/**
 * A StatefulSet's volumes outlive its pods and hold the data a breach would take: the class
 * that provisions them must encrypt them, and it must be a class the stack declares, since a
 * class created by hand may encrypt today and not after someone recreates it. Evicting a
 * stateful pod detaches its volume and reattaches it elsewhere, so drains must go one pod at
 * a time under a PodDisruptionBudget.
 */
export const kubernetesStatefulsetRequireEncryptedStorage: PackStackPolicy = {
    name: "kubernetes-statefulset-require-encrypted-storage",
    description: "Every StatefulSet with persistent volumes (volumeClaimTemplates, or pod volumes naming a PersistentVolumeClaim the stack declares in its namespace) should provision each claim from a StorageClass the stack declares that encrypts its volumes (EBS with parameters.encrypted \"true\", or an allowed provisioner), the annotated default class when the claim names none, and should have a PodDisruptionBudget in its namespace selecting its pods.",
    rationale: "A StatefulSet's volumes outlive its pods and hold the data a breach would take, and moving them in a drain must go one pod at a time.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "reliability", "encryption", "storage", "kubernetes", "source:BPG", "source:GATES stateful storage on an encrypted StorageClass, with a PDB"],
    remediationSteps: "Leave storageClassName unset in the StatefulSet's volumeClaimTemplates to get the storage add-on's default class (gp3-encrypted), or name a StorageClass the stack declares with provisioner ebs.csi.aws.com and parameters.encrypted \"true\" (volumeClaimTemplates cannot change in place: recreate the StatefulSet and migrate its data, e.g. by a Velero restore); a PersistentVolumeClaim a pod volume names is declared in the stack, in the StatefulSet's namespace, under the same rules. Give it a PodDisruptionBudget with maxUnavailable: 1 selecting the pod template's selector labels in its namespace.",
    configSchema: { properties: { allowedProvisioners: ALLOWED_PROVISIONERS_SCHEMA, ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { allowedProvisioners, ignoredNamespaces } = args.getConfig<Config>();
        const objects = args.resources.map(asDeclared);
        const classes = objects.filter((o) => isStorageClass(o.type));
        for (const set of objects.filter((o) => isKind(o.type, "apps", "StatefulSet") && !isIgnored(o, ignoredNamespaces))) {
            const claims = claimsOf(set, objects);
            if (claims.length === 0) continue;
            for (const { text, claim } of claims) {
                const problems = claim === undefined
                    ? [`is not declared in namespace ${namespaceOf(set.props)} of the stack, so its class, and whether its volume is encrypted, is unknown`]
                    : classProblems(claim, classes, allowedProvisioners);
                for (const problem of problems) reportViolation(`${describe(set)}: ${text} ${problem}.`, set.urn);
            }
            if (budgetsOf(objects, set).length === 0) {
                reportViolation(`${describe(set)} keeps data on volumes but no PodDisruptionBudget in namespace ${namespaceOf(set.props)} selects its pods, so nothing paces how node drains evict them.`, set.urn);
            }
        }
    },
};
