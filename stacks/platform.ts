/**
 * The AWS layer of an environment. Every AWS resource is created through one explicit
 * provider whose default tags carry the tagging standard, so no resource can miss them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Network } from "../components/network/network";
import { resourcePrefix } from "../components/shared/naming";
import { defaultTags } from "../components/shared/tags";
import { StackConfig } from "./config/schema";

export interface Platform {
    network: Network;
}

export function buildPlatform(config: StackConfig): Platform {
    const prefix = resourcePrefix(config.environment);
    const provider = new aws.Provider("aws", {
        region: config.aws.region as aws.Region,
        defaultTags: {
            tags: defaultTags({ owner: config.tags.owner, costCenter: config.tags.costCenter, environment: config.environment, extra: config.tags.extra }),
        },
    });
    const opts: pulumi.ComponentResourceOptions = { providers: { aws: provider } };

    const network = new Network(prefix, {
        cidr: config.network.cidr,
        availabilityZones: config.network.availabilityZones,
        subnetPrefixLengths: config.network.subnetPrefixLengths,
        natGateways: config.network.natGateways,
        flowLogs: config.network.flowLogs,
    }, opts);

    return { network };
}
