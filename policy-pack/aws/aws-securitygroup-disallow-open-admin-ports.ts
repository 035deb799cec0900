import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const INTERNET = new Set(["0.0.0.0/0", "::/0"]);
const ALL_PROTOCOLS = new Set(["-1", "all"]);
/** Only these protocols have ports; EC2 opens every other protocol whatever ports a rule names. */
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);
/** ICMP has types, not ports; path-MTU discovery needs it reachable. */
const ICMP_PROTOCOLS = new Set(["icmp", "icmpv6", "1", "58"]);
const MAX_PORT = 65535;

interface Config {
    restrictedPorts: number[];
    authorizedPublicPorts: number[];
}

/** One ingress rule in the shape common to the three ways of writing it. */
interface Ingress {
    label: string;
    protocol: string;
    fromPort?: number;
    toPort?: number;
    sources: string[];
}

/**
 * The internet may reach only the ports the platform serves publicly (the load balancer's
 * HTTP and HTTPS). Administration ports and port ranges open to the world are scanned and
 * brute-forced within minutes of creation.
 */
export const awsSecuritygroupDisallowOpenAdminPorts: PackResourcePolicy = {
    name: "aws-securitygroup-disallow-open-admin-ports",
    description: "Security groups must not allow ingress from 0.0.0.0/0 or ::/0 to administration ports, all ports, or any port that is not an authorized public port.",
    rationale: "Administration ports and port ranges open to the world are scanned and brute-forced within minutes of creation.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "source:SH EC2.13", "source:SH EC2.14", "source:SH EC2.18", "source:SH EC2.19"],
    remediationSteps: "Replace 0.0.0.0/0 and ::/0 in the rule's cidrBlocks/ipv6CidrBlocks (or cidrIpv4/cidrIpv6) with the security group or the CIDRs that need access, reach nodes through SSM Session Manager instead of SSH/RDP, or limit the ports to the authorized public ports.",
    configSchema: {
        properties: {
            restrictedPorts: {
                type: "array",
                items: { type: "integer", minimum: 0, maximum: MAX_PORT },
                default: [22, 3389],
                description: "Ports that must never be reachable from the internet, even if also listed as authorized.",
            },
            authorizedPublicPorts: {
                type: "array",
                items: { type: "integer", minimum: 0, maximum: MAX_PORT },
                default: [80, 443],
                description: "TCP/UDP ports that may be reachable from 0.0.0.0/0 or ::/0.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const config = args.getConfig<Config>();
        for (const rule of ingressRules(args.type, args.props)) {
            const open = rule.sources.filter((s) => INTERNET.has(s));
            if (open.length === 0) continue;
            const exposure = exposureOf(rule, config);
            if (exposure) reportViolation(`${describe(args)} ${rule.label} opens ${exposure} to ${open.join(" and ")}.`);
        }
    },
};

function ingressRules(type: string, props: Record<string, any>): Ingress[] {
    if (type === SECURITY_GROUP) {
        return ((props.ingress ?? []) as Record<string, any>[]).map((rule, index) => ({
            label: `ingress[${index}]`, protocol: String(rule.protocol), fromPort: rule.fromPort, toPort: rule.toPort,
            sources: [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])],
        }));
    }
    if (type === SECURITY_GROUP_RULE && props.type === "ingress") {
        return [{ label: "ingress rule", protocol: String(props.protocol), fromPort: props.fromPort, toPort: props.toPort, sources: [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])] }];
    }
    if (type === INGRESS_RULE) {
        return [{ label: "ingress rule", protocol: String(props.ipProtocol), fromPort: props.fromPort, toPort: props.toPort, sources: [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string") }];
    }
    return [];
}

/** What an internet-facing rule exposes that it must not, or undefined when it exposes only authorized ports. */
function exposureOf(rule: Ingress, { restrictedPorts, authorizedPublicPorts }: Config): string | undefined {
    const protocol = rule.protocol.toLowerCase();
    if (ICMP_PROTOCOLS.has(protocol)) return undefined;
    if (ALL_PROTOCOLS.has(protocol)) return "all ports";
    if (!PORT_PROTOCOLS.has(protocol)) return `all traffic of protocol ${rule.protocol}`;
    const from = rule.fromPort ?? 0;
    const to = rule.toPort ?? MAX_PORT;
    if (from <= 0 && to >= MAX_PORT) return "all ports";
    const restricted = restrictedPorts.filter((p) => p >= from && p <= to);
    if (restricted.length > 0) return `restricted port${restricted.length > 1 ? "s" : ""} ${restricted.join(", ")}`;
    const authorizedInRange = new Set(authorizedPublicPorts.filter((p) => p >= from && p <= to)).size;
    if (to - from + 1 > authorizedInRange) {
        return `${from === to ? `port ${from}` : `ports ${from}-${to}`}, beyond the authorized public ports (${authorizedPublicPorts.join(", ") || "none"})`;
    }
    return undefined;
}
