
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
import { PackResourcePolicy } from "../lib/policy";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
/** What EKS launches when neither the node group nor its launch template names a type. */
const EKS_DEFAULT_INSTANCE_TYPE = "t3.medium";

interface Config {
    allowedInstanceTypes: string[];
}

/** True when `instanceType` matches `pattern`, where `*` stands for any run of characters. */
function matchesPattern(instanceType: string, pattern: string): boolean {
    const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${source}$`).test(instanceType);
}

/** Nodes use the instance families the cost plan is built on (current generation, budgeted). */
export const awsNodegroupRestrictInstanceTypes: PackResourcePolicy = {
    name: "aws-nodegroup-restrict-instance-types",
    description: "EKS node groups and launch templates must use instance types from the allowed list.",
    rationale: "The cost plan and the capacity promise are computed for known instance families, and an unlisted type breaks both.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["cost", "compute", "source:GATES cost allowed instance types"],
    remediationSteps: "Choose instanceTypes on the node group (or instanceType on the launch template) that match allowedInstanceTypes, or ask the platform team to extend the list in the policy config.",
    configSchema: {
        properties: {
            allowedInstanceTypes: {
                type: "array",
                items: { type: "string", minLength: 1 },
                default: ["t3.*", "t3a.*", "m6i.*", "m6a.*", "m7i.*", "m7a.*", "m7g.*", "c7i.*", "c7g.*", "r7i.*", "r7g.*"],
                description: "Allowed instance types; `*` matches any characters (\"m7i.*\" allows every m7i size).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedInstanceTypes } = args.getConfig<Config>();
        const allowed = (type: string) => allowedInstanceTypes.some((pattern) => matchesPattern(type, pattern));
        const who = `${args.name} (${args.type})`;
        if (args.type === LAUNCH_TEMPLATE) {
            // A template without instanceType leaves the choice to the node group, checked there.
            const type = args.props.instanceType;
            if (typeof type === "string" && !allowed(type)) reportViolation(`${who} uses instance type ${type}, which is not allowed.`);
            return;
        }
        if (args.type !== NODE_GROUP) return;
        const listed: string[] = Array.isArray(args.props.instanceTypes) ? args.props.instanceTypes : [];
        // With a launch template the template may name the type; without one EKS picks its default.
        const types = listed.length > 0 ? listed : args.props.launchTemplate ? [] : [EKS_DEFAULT_INSTANCE_TYPE];
        const disallowed = types.filter((type) => !allowed(type));
        if (disallowed.length > 0) {
            reportViolation(`${who} uses instance types that are not allowed: ${disallowed.join(", ")}${listed.length === 0 ? " (EKS's default, as instanceTypes is unset)" : ""}.`);
        }
    },
};
