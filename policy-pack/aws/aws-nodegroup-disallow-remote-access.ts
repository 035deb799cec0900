
import { PackResourcePolicy } from "../lib/policy";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/**
 * Nodes are reached through the Kubernetes API (`kubectl debug node/...`), never SSH: EKS opens port 22 to 0.0.0.0/0
 * when remoteAccess names a key but no source security groups, and a public IP puts the node
 * on the internet whatever its subnet.
 */
export const awsNodegroupDisallowRemoteAccess: PackResourcePolicy = {
    name: "aws-nodegroup-disallow-remote-access",
    description: "EKS node groups and their launch templates must not enable SSH access (key pairs, remoteAccess) or public IP addresses.",
    rationale: "SSH opens port 22 on the nodes (to the whole internet when no source group is given), where `kubectl debug node/...` needs no open port at all.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "network", "compute", "source:CIS EKS 5.4.3", "source:SH EC2.9"],
    remediationSteps: "Remove remoteAccess from the node group, keyName from the launch template and associatePublicIpAddress from its networkInterfaces; use `kubectl debug node/<name>` for a shell on a node (the platform's node role has no Session Manager policy: its account-wide parameter reads would reach host-network pods).",
    validateResource: (args, reportViolation) => {
        const who = `${args.name} (${args.type})`;
        if (args.type === NODE_GROUP) {
            const remote = args.props.remoteAccess;
            if (!remote) return;
            const groups: unknown[] = Array.isArray(remote.sourceSecurityGroupIds) ? remote.sourceSecurityGroupIds : [];
            const from = groups.length > 0 ? `from security groups ${groups.join(", ")}` : "from 0.0.0.0/0, since no sourceSecurityGroupIds are set";
            reportViolation(`${who} enables SSH remote access (ec2SshKey ${remote.ec2SshKey ?? "unset"}) ${from}.`);
            return;
        }
        if (args.type !== LAUNCH_TEMPLATE) return;
        if (args.props.keyName) reportViolation(`${who} sets the SSH key pair ${args.props.keyName} (keyName).`);
        const interfaces: { associatePublicIpAddress?: unknown }[] = Array.isArray(args.props.networkInterfaces) ? args.props.networkInterfaces : [];
        for (const [index, networkInterface] of interfaces.entries()) {
            const value = networkInterface?.associatePublicIpAddress;
            if (value === true || value === "true") reportViolation(`${who} gives instances a public IP (networkInterfaces[${index}].associatePublicIpAddress is true).`);
        }
    },
};
