// The pack as the Pulumi CLI runs it (`pulumi preview --policy-pack policy-pack`). This file
// only constructs the pack: constructing it starts the analyzer's gRPC server, so tests and
// the offline runner import `./policies` instead.
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { enforcementLevel: PACK_ENFORCEMENT_LEVEL, policies });
