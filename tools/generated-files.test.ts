import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { CONFIG_REFERENCE_FILE, renderConfigReference } from "./config-reference";
import { METRIC_CATALOG_FILE, renderMetricCatalog } from "./metric-catalog";
import { POLICY_REFERENCE_FILE, renderPolicyReference } from "./policy-reference";
import { renderServiceCatalog, SERVICE_CATALOG_FILE } from "./service-catalog";
import { renderTaggableTypes, scanTaggableTypes, TAGGABLE_TYPES_FILE } from "./taggable-types";

describe("generated files are current", () => {
    it("docs/config-reference.md matches the config schema (npm run docs:config)", () => {
        assert.equal(fs.readFileSync(CONFIG_REFERENCE_FILE, "utf8"), renderConfigReference());
    });

    it("policy-pack/README.md matches the policies' metadata and config files (npm run docs:policies)", () => {
        assert.equal(fs.readFileSync(POLICY_REFERENCE_FILE, "utf8"), renderPolicyReference());
    });

    it("docs/services.md matches the services' definitions and the stack files (npm run docs:services)", () => {
        assert.equal(fs.readFileSync(SERVICE_CATALOG_FILE, "utf8"), renderServiceCatalog());
    });

    it("docs/metrics.md matches the metric contract and the exporters' series (npm run docs:metrics)", () => {
        assert.equal(fs.readFileSync(METRIC_CATALOG_FILE, "utf8"), renderMetricCatalog());
    });

    it("policy-pack/lib/taggable-types.json matches the installed @pulumi/aws (npm run policy:types)", () => {
        assert.equal(fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8"), renderTaggableTypes(scanTaggableTypes()));
    });

    it("the taggable list holds the network's taggable types and none of its untaggable ones", () => {
        const types: string[] = JSON.parse(fs.readFileSync(TAGGABLE_TYPES_FILE, "utf8")).types;
        for (const type of ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role"]) assert.ok(types.includes(type), type);
        for (const type of ["aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:iam/rolePolicy:RolePolicy"]) assert.ok(!types.includes(type), type);
    });
});
