import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { describe, dependsOn } from "./resources";

export const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway";

/**
 * The subnets a resource is placed in: the Subnets behind its `subnetIds` property, else any
 * Subnet it depends on (a program may pass ids it looked up, with an explicit dependsOn).
 */
export function subnetsOf(resource: PolicyResource): PolicyResource[] {
    const throughProperty = (resource.propertyDependencies.subnetIds ?? []).filter((r) => r.type === SUBNET);
    return throughProperty.length > 0 ? throughProperty : resource.dependencies.filter((r) => r.type === SUBNET);
}

/**
 * The zone a subnet is in: its zone ID where it has one, else its zone name; undefined when AWS
 * picks the zone. The ID comes first: it is the same zone in every account, and a subnet placed
 * by ID has no name until AWS fills it in (unknown in a preview). A subnet placed by name has an
 * unknown ID in a preview instead, so then its name counts.
 */
export function zoneOf(subnet: PolicyResource): string | undefined {
    let zoneId: unknown;
    try {
        zoneId = subnet.props.availabilityZoneId;
    } catch (error) {
        if (!(error instanceof UnknownValueError)) throw error;
    }
    if (typeof zoneId === "string") return zoneId;
    const zoneName: unknown = subnet.props.availabilityZone;
    return typeof zoneName === "string" ? zoneName : undefined;
}

/**
 * Why `subnet` is public, or undefined when nothing in the stack makes it so. A subnet is
 * public when it hands out public IPs or when its route table sends traffic to an internet
 * gateway; the route table is found through the association's dependencies, not through ids.
 */
export function publicSubnetReason(resources: PolicyResource[], subnet: PolicyResource): string | undefined {
    if (subnet.props.mapPublicIpOnLaunch === true) return "assigns public IPs on launch (mapPublicIpOnLaunch is true)";
    const associations = resources.filter((r) => r.type === ROUTE_TABLE_ASSOCIATION && dependsOn(r, subnet));
    for (const association of associations) {
        const table = resources.find((r) => r.type === ROUTE_TABLE && dependsOn(association, r) && routesToInternetGateway(r));
        if (table) return `is associated with ${describe(table)}, which routes to an internet gateway`;
    }
    return undefined;
}

/**
 * The gateway id is the direct evidence; the dependency covers a preview where the id of a
 * gateway created in the same run is not known yet.
 */
function routesToInternetGateway(table: PolicyResource): boolean {
    const routes: unknown[] = Array.isArray(table.props.routes) ? table.props.routes : [];
    const viaId = routes.some((route) => {
        const gatewayId = (route as { gatewayId?: unknown } | null)?.gatewayId;
        return typeof gatewayId === "string" && gatewayId.startsWith("igw-");
    });
    const allDependencies = [...table.dependencies, ...Object.values(table.propertyDependencies).flat()];
    return viaId || allDependencies.some((d) => d.type === INTERNET_GATEWAY);
}
