import { PolicyResource } from "@pulumi/policy";
import { annotationsOf, isKind, objectName } from "../lib/kubernetes";
import { PackStackPolicy } from "../lib/policy";
import { asDeclared, budgetsOf, IGNORED_NAMESPACES_SCHEMA, isIgnored, list, namespaceOf, record } from "../lib/reliability";
import { describe } from "../lib/resources";
import { ALLOWED_PROVISIONERS_SCHEMA, isDefaultStorageClass, isStorageClass, storageClassEncryptionProblem } from "../lib/storage";

interface Config {
    allowedProvisioners: string[];
    ignoredNamespaces: string[];
}

/** The deprecated annotation that Kubernetes still honours before spec.storageClassName. */
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** The class a claim template asks for: the beta annotation, else spec.storageClassName; undefined when it names none. */
function requestedClass(template: Record<string, any>): unknown {
    return annotationsOf(template)[BETA_CLASS_ANNOTATION] ?? template.spec?.storageClassName;
}

/** What is wrong with the class a claim template gets, one sentence end per problem. */
function classProblems(template: Record<string, any>, classes: PolicyResource[], allowedProvisioners: string[]): string[] {
    const requested = requestedClass(template);
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
 * A StatefulSet's volumes outlive its pods and hold the data a breach would take: the class
 * that provisions them must encrypt them, and it must be a class the stack declares, since a
 * class created by hand may encrypt today and not after someone recreates it. Evicting a
 * stateful pod detaches its volume and reattaches it elsewhere, so drains must go one pod at
 * a time under a PodDisruptionBudget.
 */
export const kubernetesStatefulsetRequireEncryptedStorage: PackStackPolicy = {
    name: "kubernetes-statefulset-require-encrypted-storage",
    description: "Every StatefulSet with volumeClaimTemplates should provision each claim from a StorageClass the stack declares that encrypts its volumes (EBS with parameters.encrypted \"true\", or an allowed provisioner), the annotated default class when the template names none, and should have a PodDisruptionBudget in its namespace selecting its pods.",
    rationale: "A StatefulSet's volumes outlive its pods and hold the data a breach would take, and moving them in a drain must go one pod at a time.",
    severity: "medium",
    enforcementLevel: "advisory",
    tags: ["security", "reliability", "encryption", "storage", "kubernetes", "source:BPG", "source:GATES stateful storage on an encrypted StorageClass, with a PDB"],
    remediationSteps: "Leave storageClassName unset in the StatefulSet's volumeClaimTemplates to get the storage add-on's default class (gp3-encrypted), or name a StorageClass the stack declares with provisioner ebs.csi.aws.com and parameters.encrypted \"true\" (volumeClaimTemplates cannot change in place: recreate the StatefulSet and migrate its data, e.g. by a Velero restore). Give it a PodDisruptionBudget with maxUnavailable: 1 selecting the pod template's selector labels in its namespace.",
    configSchema: { properties: { allowedProvisioners: ALLOWED_PROVISIONERS_SCHEMA, ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateStack: (args, reportViolation) => {
        const { allowedProvisioners, ignoredNamespaces } = args.getConfig<Config>();
        const objects = args.resources.map(asDeclared);
        const classes = objects.filter((o) => isStorageClass(o.type));
        for (const set of objects.filter((o) => isKind(o.type, "apps", "StatefulSet") && !isIgnored(o, ignoredNamespaces))) {
            const templates = list(set.props.spec?.volumeClaimTemplates).filter((t) => record(t) !== undefined);
            if (templates.length === 0) continue;
            for (const template of templates) {
                for (const problem of classProblems(template, classes, allowedProvisioners)) {
                    reportViolation(`${describe(set)}: volumeClaimTemplates[${objectName(template) ?? "?"}] ${problem}.`, set.urn);
                }
            }
            if (budgetsOf(objects, set).length === 0) {
                reportViolation(`${describe(set)} keeps data on volumes but no PodDisruptionBudget in namespace ${namespaceOf(set.props)} selects its pods, so nothing paces how node drains evict them.`, set.urn);
            }
        }
    },
};
