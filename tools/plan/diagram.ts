/**
 * The architecture diagram of a plan (`npm run plan -- --stack <stack> --diagram <file.svg>`),
 * drawn from the resources the program registers, never from a fixed picture: the AWS regions
 * by their providers, the VPC's availability zones with their NAT gateways and node groups, the
 * cluster's namespaces with their workloads and Helm releases, the database, the buckets; and
 * the traffic as the resources declare it: the ingress controller's load balancer (its chart
 * values), Ingress backends, NetworkPolicy rules between workloads and to the database's
 * subnets, ServiceMonitors and telemetry egress to the monitoring namespaces, Velero's bucket
 * and the buckets' replication.
 *
 * architectureDot is pure and deterministic (every list sorted), so the committed
 * docs/architecture.svg can be checked for staleness; Graphviz runs as WebAssembly
 * (@viz-js/viz), loaded only when a diagram is asked for.
 */
import type { ResourceUnderTest } from "../policy/engine";

/** A registration with its values decoded (secrets revealed or not: the diagram reads none) and its id. */
export type DiagramResource = Pick<ResourceUnderTest, "urn" | "type" | "name" | "parent" | "provider" | "inputs" | "outputs"> & { id?: string };
type Props = Record<string, any>;
interface Item { r: DiagramResource; props: Props }

const KUBERNETES = /^kubernetes:([^/]+)\/[^:]+:(.+)$/;
const kindOf = (type: string) => KUBERNETES.exec(type)?.[2];
const record = (v: unknown): Props => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Props) : {});
const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
const namespaceOf = (p: Props): string => p.metadata?.namespace ?? "default";
const sorted = <T>(items: Iterable<T>, by: (t: T) => string) => [...items].sort((a, b) => by(a).localeCompare(by(b)));
const selects = (matchLabels: unknown, labels: Props) => {
    const wanted = Object.entries(record(matchLabels));
    return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
};
const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

interface Node { id: string; label: string; shape: string; cluster: string }
interface Edge { from: string; to: string; label: string; style: "solid" | "dashed" }
interface Cluster { id: string; label: string; parent?: string }

/** The diagram's content: nodes in nested clusters, and edges. */
export interface Architecture {
    clusters: Cluster[];
    nodes: Node[];
    edges: Edge[];
}

/** The architecture as the plan's resources declare it. */
export function architecture(resources: readonly DiagramResource[]): Architecture {
    const items: Item[] = resources.map((r) => ({ r, props: { ...r.inputs, ...r.outputs, ...(r.id ? { id: r.id } : {}) } }));
    const byUrn = new Map(items.map((i) => [i.r.urn, i]));
    const ofType = (type: string) => items.filter((i) => i.r.type === type);
    const ofKind = (kind: string) => items.filter((i) => kindOf(i.r.type) === kind);
    const clusters = new Map<string, Cluster>();
    const nodes = new Map<string, Node>();
    const edges = new Map<string, Edge>();
    const cluster = (id: string, label: string, parent?: string) => clusters.set(id, { id, label, ...(parent ? { parent } : {}) });
    const node = (id: string, label: string, clusterId: string, shape = "box") => nodes.set(id, { id, label, shape, cluster: clusterId });
    const edge = (from: string | undefined, to: string | undefined, label: string, style: Edge["style"] = "solid") => {
        if (from && to && from !== to && nodes.has(from) && nodes.has(to)) edges.set(`${from}>${to}>${label}`, { from, to, label, style });
    };

    // Regions, by the AWS providers' regions.
    const providers = ofType("pulumi:providers:aws");
    const regionOf = (r: DiagramResource) => (r.provider ? byUrn.get(r.provider)?.props.region : undefined) ?? providers.find((p) => p.r.name === "aws")?.props.region ?? "aws";
    for (const p of providers) cluster(`region:${p.props.region}`, `AWS ${p.props.region}`);

    // The VPC, its zones (by the subnets' zone IDs) with NAT gateways and node groups.
    const subnets = ofType("aws:ec2/subnet:Subnet");
    const zoneOfSubnet = new Map(subnets.map((s) => [String(s.props.id), String(s.props.availabilityZoneId)]));
    for (const vpc of ofType("aws:ec2/vpc:Vpc")) cluster("vpc", `VPC ${vpc.props.cidrBlock}`, `region:${regionOf(vpc.r)}`);
    const eks = ofType("aws:eks/cluster:Cluster")[0];
    if (eks) cluster("eks", `EKS ${eks.props.name} (Kubernetes ${eks.props.version})`, "vpc");
    const zones = new Set(subnets.map((s) => String(s.props.availabilityZoneId)));
    for (const zone of zones) cluster(`zone:${zone}`, `AZ ${zone}`, "eks");
    for (const nat of ofType("aws:ec2/natGateway:NatGateway")) {
        const zone = zoneOfSubnet.get(String(nat.props.subnetId));
        if (zone) node(`nat:${zone}`, "NAT gateway", `zone:${zone}`, "cds");
    }
    for (const group of ofType("aws:eks/nodeGroup:NodeGroup")) {
        const groupZones = [...new Set(list(group.props.subnetIds).map((id) => zoneOfSubnet.get(String(id))).filter((z): z is string => z !== undefined))];
        const role = String(record(group.props.labels)["node-group"] ?? group.r.name);
        const size = record(group.props.scalingConfig);
        const types = list(group.props.instanceTypes);
        const typeText = types.length > 2 ? `${types.slice(0, 2).join(", ")} +${types.length - 2}` : types.join(", ");
        const label = `${role} nodes\n${typeText}${group.props.capacityType === "SPOT" ? " spot" : ""}\n${size.minSize}-${size.maxSize}${groupZones.length > 1 ? ` over ${groupZones.length} AZs` : ""}`;
        for (const zone of groupZones) node(`nodes:${role}:${zone}`, label, `zone:${zone}`, "box3d");
    }

    // Namespaces with their workloads (a workload's component when it has one) and Helm releases.
    const namespaceCluster = (ns: string) => {
        if (!clusters.has(`ns:${ns}`)) cluster(`ns:${ns}`, `namespace ${ns}`, eks ? "eks" : undefined);
        return `ns:${ns}`;
    };
    const workloads = [...ofKind("Deployment"), ...ofKind("StatefulSet")];
    const workloadId = new Map<Item, string>();
    for (const w of workloads) {
        const owner = w.r.parent ? byUrn.get(w.r.parent) : undefined;
        const name = owner && !owner.r.type.startsWith("pulumi:") && !KUBERNETES.test(owner.r.type) ? owner : w;
        const id = `workload:${namespaceOf(w.props)}/${w.props.metadata?.name}`;
        workloadId.set(w, id);
        const replicas = ofKind("HorizontalPodAutoscaler").find((h) => namespaceOf(h.props) === namespaceOf(w.props) && h.props.spec?.scaleTargetRef?.name === w.props.metadata?.name)?.props.spec;
        node(id, `${w.props.metadata?.name}\n${kindOf(w.r.type)}${replicas ? ` ${replicas.minReplicas}-${replicas.maxReplicas}` : w.props.spec?.replicas !== undefined ? ` ${w.props.spec.replicas}` : ""}${name !== w ? `\n(${name.r.type.split(":").pop()})` : ""}`, namespaceCluster(namespaceOf(w.props)), "component");
    }
    const podLabels = (w: Item) => record(w.props.spec?.template?.metadata?.labels);
    const workloadSelected = (ns: string, matchLabels: unknown) =>
        workloads.filter((w) => namespaceOf(w.props) === ns && selects(matchLabels, podLabels(w))).map((w) => workloadId.get(w)!);
    const releases = ofType("kubernetes:helm.sh/v3:Release");
    const releaseId = (r: Item) => `release:${r.props.namespace}/${r.props.name ?? r.r.name}`;
    const chartOf = (r: Item) => String(r.props.chart).split("/").pop()!;
    for (const release of releases) node(releaseId(release), `${chartOf(release)} ${release.props.version ?? ""}\n(Helm release)`, namespaceCluster(String(release.props.namespace)), "component");
    const releasesIn = (ns: string) => releases.filter((r) => r.props.namespace === ns).map(releaseId);

    // Data stores and buckets.
    for (const db of ofType("aws:rds/instance:Instance")) {
        node(`rds:${db.r.name}`, `RDS ${db.props.engine} ${db.props.engineVersion}\n${db.props.instanceClass}${db.props.multiAz ? " Multi-AZ" : ""}`, "vpc", "cylinder");
    }
    const buckets = ofType("aws:s3/bucket:Bucket");
    for (const b of buckets) node(`bucket:${b.props.bucket}`, `S3 ${b.r.name}`, `region:${regionOf(b.r)}`, "folder");

    // Internet → (WAF) → load balancer → ingress controller, from the controller's chart values.
    const internet = "internet";
    node(internet, "Internet", "", "ellipse");
    for (const release of releases) {
        const service = record(record(release.props.values).controller).service;
        if (record(service).type !== "LoadBalancer") continue;
        const lbType = record(record(service).annotations)["service.beta.kubernetes.io/aws-load-balancer-type"] ?? "load balancer";
        const lb = `lb:${releaseId(release)}`;
        node(lb, `${String(lbType).toUpperCase()}\n(${chartOf(release)} Service)`, `region:${regionOf(release.r)}`, "hexagon");
        const wafs = ofType("aws:wafv2/webAcl:WebAcl");
        for (const waf of wafs) {
            node(`waf:${waf.r.name}`, `WAF ${waf.r.name}`, `region:${regionOf(waf.r)}`, "octagon");
            edge(internet, `waf:${waf.r.name}`, "HTTPS");
            edge(`waf:${waf.r.name}`, lb, "HTTPS");
        }
        if (wafs.length === 0) edge(internet, lb, "HTTPS");
        edge(lb, releaseId(release), "TCP 443");
    }
    // Ingress objects: the controller of their class to the workloads behind their backends' Services.
    const servicesByName = new Map(ofKind("Service").map((s) => [`${namespaceOf(s.props)}/${s.props.metadata?.name}`, s]));
    for (const ingress of ofKind("Ingress")) {
        const ns = namespaceOf(ingress.props);
        const controller = releases.find((r) => chartOf(r).includes(String(ingress.props.spec?.ingressClassName ?? "")));
        for (const rule of list(ingress.props.spec?.rules)) {
            for (const p of list(rule.http?.paths)) {
                const service = servicesByName.get(`${ns}/${p.backend?.service?.name}`);
                for (const target of service ? workloadSelected(ns, service.props.spec?.selector) : []) edge(controller && releaseId(controller), target, `${rule.host ?? "*"}${p.path ?? ""}`);
            }
        }
    }
    // NetworkPolicies: who may call whom, the database's subnets, telemetry namespaces.
    const databaseCidrs = new Map<string, string>();
    for (const db of ofType("aws:rds/instance:Instance")) {
        const group = ofType("aws:rds/subnetGroup:SubnetGroup").find((g) => g.props.name === db.props.dbSubnetGroupName);
        for (const id of list(group?.props.subnetIds)) {
            const subnet = subnets.find((s) => s.props.id === id);
            if (subnet) databaseCidrs.set(String(subnet.props.cidrBlock), `rds:${db.r.name}`);
        }
    }
    for (const policy of ofKind("NetworkPolicy")) {
        const ns = namespaceOf(policy.props);
        const targets = workloadSelected(ns, policy.props.spec?.podSelector?.matchLabels);
        for (const rule of list(policy.props.spec?.ingress)) {
            const port = list(rule.ports).map((p) => p.port).join(",");
            for (const from of list(rule.from)) {
                if (from.namespaceSelector || !from.podSelector) continue;
                for (const caller of workloadSelected(ns, from.podSelector.matchLabels)) for (const target of targets) edge(caller, target, `:${port}`);
            }
        }
        for (const rule of list(policy.props.spec?.egress)) {
            const port = list(rule.ports).map((p) => p.port).join(",");
            for (const to of list(rule.to)) {
                const db = databaseCidrs.get(String(to.ipBlock?.cidr));
                for (const source of targets) edge(source, db, `:${port}`);
                const otherNs = record(to.namespaceSelector?.matchLabels)["kubernetes.io/metadata.name"];
                if (typeof otherNs === "string") for (const source of targets) for (const release of releasesIn(otherNs)) edge(source, release, `telemetry :${port}`, "dashed");
            }
        }
    }
    // ServiceMonitors: Prometheus (the release that runs the operator's CRs' consumer: kube-prometheus-stack) scrapes the workloads.
    const prometheus = releases.find((r) => chartOf(r) === "kube-prometheus-stack");
    for (const monitor of ofKind("ServiceMonitor")) {
        const names = list(monitor.props.spec?.namespaceSelector?.matchNames);
        for (const ns of names.length > 0 ? names : [namespaceOf(monitor.props)]) {
            for (const service of [...servicesByName.values()].filter((s) => namespaceOf(s.props) === ns && selects(monitor.props.spec?.selector?.matchLabels, record(s.props.metadata?.labels)))) {
                for (const target of workloadSelected(ns, service.props.spec?.selector)) edge(target, prometheus && releaseId(prometheus), "metrics", "dashed");
            }
        }
    }
    // Backups: Velero's storage location bucket, and the buckets' replication.
    for (const location of ofKind("BackupStorageLocation")) {
        const velero = releases.find((r) => r.props.namespace === namespaceOf(location.props) && chartOf(r) === "velero");
        edge(velero && releaseId(velero), `bucket:${location.props.spec?.objectStorage?.bucket}`, "backups");
    }
    for (const replication of ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")) {
        for (const rule of list(replication.props.rules)) {
            edge(`bucket:${replication.props.bucket}`, `bucket:${String(rule.destination?.bucket).replace(/^arn:aws:s3:::/, "")}`, "replication", "dashed");
        }
    }
    // Buckets only where data flows: access-log buckets and the like would crowd the picture.
    for (const id of [...nodes.keys()].filter((n) => n.startsWith("bucket:"))) {
        if (![...edges.values()].some((e) => e.from === id || e.to === id)) nodes.delete(id);
    }
    return {
        clusters: sorted(clusters.values(), (c) => c.id),
        nodes: sorted(nodes.values(), (n) => n.id),
        edges: sorted(edges.values(), (e) => `${e.from}>${e.to}>${e.label}`),
    };
}

/** Graphviz DOT of an architecture: clusters nested as declared, everything in sorted order. */
export function architectureDot(arch: Architecture, title: string): string {
    const lines = [
        "digraph architecture {",
        `  graph [label=${quote(title)}, labelloc=t, fontname="Helvetica", fontsize=16, rankdir=LR, compound=true, newrank=true, nodesep=0.3, ranksep=0.7];`,
        '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#ffffff"];',
        '  edge [fontname="Helvetica", fontsize=8, color="#555555"];',
    ];
    const emit = (parent: string, indent: string) => {
        for (const c of arch.clusters.filter((x) => (x.parent ?? "") === parent)) {
            lines.push(`${indent}subgraph ${quote(`cluster_${c.id}`)} {`, `${indent}  label=${quote(c.label)}; style=rounded; color="#888888";`);
            emit(c.id, `${indent}  `);
            lines.push(`${indent}}`);
        }
        for (const n of arch.nodes.filter((x) => x.cluster === parent)) lines.push(`${indent}${quote(n.id)} [label=${quote(n.label)}, shape=${n.shape}];`);
    };
    emit("", "  ");
    for (const e of arch.edges) lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(e.label)}, style=${e.style}];`);
    lines.push("}");
    return `${lines.join("\n")}\n`;
}

/** The diagram as SVG; Graphviz (WebAssembly) is loaded here, on first use only. */
export async function renderArchitectureSvg(resources: readonly DiagramResource[], title: string): Promise<string> {
    const { instance } = await import("@viz-js/viz");
    const viz = await instance();
    return viz.renderString(architectureDot(architecture(resources), title), { format: "svg" });
}
