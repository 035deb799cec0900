import { PolicyResource } from "@pulumi/policy";
import { PackStackPolicy } from "../lib/policy";
import { dependsOn, describe } from "../lib/resources";

const INSTANCE = "aws:rds/instance:Instance";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/** The parameter that makes each engine refuse unencrypted connections, and the values that turn it on. */
const TLS_PARAMETER: Record<string, { name: string; values: string[] }> = {
    postgres: { name: "rds.force_ssl", values: ["1"] },
    mysql: { name: "require_secure_transport", values: ["1", "on"] },
    mariadb: { name: "require_secure_transport", values: ["1", "on"] },
};

/**
 * Database credentials and trade data must not cross the network in clear text. Only the
 * instance's parameter group can force TLS; the engine default group lets clients choose, and
 * a group outside the stack cannot be audited here, so both count as not enforcing it.
 */
export const awsRdsRequireTls: PackStackPolicy = {
    name: "aws-rds-require-tls",
    description: "PostgreSQL, MySQL and MariaDB DB instances must use a parameter group of the stack that forces TLS connections.",
    rationale: "Credentials and trade data must not cross the network in clear text, and only the instance's parameter group can force TLS.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "encryption", "database", "source:AWS RDS PostgreSQL rds.force_ssl", "source:CKV2_AWS_69"],
    remediationSteps: "Create an aws.rds.ParameterGroup with parameters [{ name: \"rds.force_ssl\", value: \"1\" }] (PostgreSQL) or [{ name: \"require_secure_transport\", value: \"1\" }] (MySQL, MariaDB) and pass its name as the instance's parameterGroupName.",
    validateStack: (args, reportViolation) => {
        for (const instance of args.resources.filter((r) => r.type === INSTANCE)) {
            const required = TLS_PARAMETER[String(instance.props.engine)];
            if (!required) continue;
            // Through parameterGroupName or an explicit dependency.
            const groups = args.resources.filter((r) => r.type === PARAMETER_GROUP && dependsOn(instance, r));
            if (groups.length === 0) {
                reportViolation(`${describe(instance)} uses no parameter group of the stack, so nothing sets ${required.name} = ${required.values[0]}.`, instance.urn);
            } else if (!groups.some((g) => forcesTls(g, required))) {
                reportViolation(`${describe(instance)} uses ${groups.map((g) => g.name).join(", ")}, which do${groups.length === 1 ? "es" : ""} not set ${required.name} = ${required.values[0]}.`, instance.urn);
            }
        }
    },
};

function forcesTls(group: PolicyResource, required: { name: string; values: string[] }): boolean {
    return ((group.props.parameters ?? []) as { name?: string; value?: unknown }[]).some((p) =>
        p.name === required.name && required.values.includes(String(p.value).toLowerCase()));
}
