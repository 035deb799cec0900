/**
 * Checks of the stack config against the AWS account it deploys to: what the schema cannot
 * know. They read the account (zones, instance-type offerings, the subnets already deployed)
 * with read-only lookups that run in every preview, and fail the run with one ConfigError
 * naming the config paths. The Network's VPC waits for them, and with it every subnet and all
 * that is placed in the subnets (cluster, node groups, database): as `pulumi up` previews first,
 * nothing is deployed from a config the account cannot hold.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { missingOfferings } from "../components/cluster/instance-types";
import { deployedSubnets, networkPlan } from "../components/network/network";
import { SubnetMove, subnetMoves } from "../components/network/subnet-plan";
import { ConfigError } from "./config/load";
import { CONFIG_NAMESPACE, ConfigProblem, StackConfig } from "./config/schema";

type NetworkConfig = StackConfig["network"];

/** Configured zones that the account does not list as available in the region. */
export function unavailableZoneProblems(network: NetworkConfig, region: string, availableZoneIds: string[]): ConfigProblem[] {
    return network.availabilityZones.flatMap(({ zoneId }, i) => availableZoneIds.includes(zoneId) ? [] : [{
        path: `network.availabilityZones[${i}].zoneId`,
        message: `is not an available zone of this account in ${region} (available: ${[...availableZoneIds].sort().join(", ")})`,
    }]);
}

/** Node groups' instance types that some configured zone does not offer (zones the account lacks are reported on their own). */
export function offeringProblems(nodeGroups: StackConfig["nodeGroups"], network: NetworkConfig, availableZoneIds: string[], offered: { instanceType: string; zoneId: string }[]): ConfigProblem[] {
    const zoneIds = network.availabilityZones.map((z) => z.zoneId).filter((zoneId) => availableZoneIds.includes(zoneId));
    const zonePath = (zoneId: string) => `network.availabilityZones[${network.availabilityZones.findIndex((z) => z.zoneId === zoneId)}]`;
    return missingOfferings(nodeGroups, zoneIds, offered).map(({ group, instanceType, zoneIds: missing }) => ({
        path: `nodeGroups.${group}.instanceTypes`,
        message: `${instanceType} is not offered in ${missing.map((zoneId) => `${zoneId} (${zonePath(zoneId)})`).join(", ")}: list types that every zone offers (aws ec2 describe-instance-type-offerings --location-type availability-zone-id --filters Name=instance-type,Values=${instanceType})`,
    }));
}

const REPLACEMENT_FLAG = `${CONFIG_NAMESPACE}:network.allowSubnetReplacement`;

const describeMove = (m: SubnetMove, what: string) => `${what} ${m.from} → ${m.to}`;

/**
 * Deployed subnets the config would move, one problem per config value that moves them: the
 * VPC's range, a tier's prefix length or a zone's slot.
 */
export function subnetMoveProblems(network: NetworkConfig, moves: SubnetMove[]): ConfigProblem[] {
    const byPath = new Map<string, { subject: string; moves: string[] }>();
    for (const move of moves) {
        const zoneIndex = network.availabilityZones.findIndex((z) => z.zoneId === move.availabilityZoneId);
        const [path, subject, item] = move.cause === "cidr" ? ["cidr", "would replace the VPC and every deployed subnet", describeMove(move, `${move.tier} in ${move.availabilityZoneId}`)]
            : move.cause === "prefixLength" ? [`subnetPrefixLengths.${move.tier}`, `would move the deployed ${move.tier} subnets`, describeMove(move, move.availabilityZoneId)]
            : [`availabilityZones[${zoneIndex}].slot`, `would move the deployed subnets of ${move.availabilityZoneId}`, describeMove(move, move.tier)];
        const entry = byPath.get(path) ?? { subject, moves: [] };
        entry.moves.push(item);
        byPath.set(path, entry);
    }
    return [...byPath.entries()].map(([path, { subject, moves: items }]) => ({
        path: `network.${path}`,
        message: `${subject} (${items.join(", ")}): AWS cannot resize or move a subnet, so it would replace them and what runs in them. Keep the deployed value, or set ${REPLACEMENT_FLAG} to true for a planned migration`,
    }));
}

/**
 * The account checks of `config` as one Output: it resolves when the account can hold the
 * config, and rejects with a ConfigError listing every problem otherwise. `networkName` is the
 * Network component's name, whose VPC the deployed subnets are looked up in.
 */
export function accountChecks(config: StackConfig, networkName: string, provider: aws.Provider): pulumi.Output<void> {
    const opts = { provider };
    const zoneIds = config.network.availabilityZones.map((z) => z.zoneId);
    const instanceTypes = [...new Set(Object.values(config.nodeGroups).flatMap((g) => g.instanceTypes))];
    const available = aws.getAvailabilityZonesOutput({ state: "available" }, opts).zoneIds;
    const offerings = aws.ec2.getInstanceTypeOfferingsOutput({
        locationType: "availability-zone-id",
        filters: [{ name: "location", values: zoneIds }, { name: "instance-type", values: instanceTypes }],
    }, opts);
    const moves = deployedSubnets(networkName, opts).apply((deployed) => subnetMoves(networkPlan(config.network), deployed));
    return pulumi.all([available, offerings.instanceTypes, offerings.locations, moves]).apply(([availableZoneIds, types, locations, subnetsMoved]) => {
        const offered = types.map((instanceType, i) => ({ instanceType, zoneId: locations[i] }));
        const problems = [
            ...unavailableZoneProblems(config.network, config.aws.region, availableZoneIds),
            ...offeringProblems(config.nodeGroups, config.network, availableZoneIds, offered),
            ...(config.network.allowSubnetReplacement ? [] : subnetMoveProblems(config.network, subnetsMoved)),
        ];
        if (problems.length > 0) throw new ConfigError(problems);
        if (config.network.allowSubnetReplacement) {
            pulumi.log.warn(subnetsMoved.length > 0
                ? `${REPLACEMENT_FLAG} is true: this update replaces ${subnetsMoved.length} deployed subnet${subnetsMoved.length === 1 ? "" : "s"} (${subnetsMoved.map((m) => describeMove(m, `${m.tier} in ${m.availabilityZoneId}`)).join(", ")}) and what runs in them`
                : `${REPLACEMENT_FLAG} is true but no deployed subnet moves: set it back to false, so that the next change that would move one is stopped again`);
        }
    });
}
