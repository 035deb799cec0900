/**
 * Composition root: load and validate the stack config, build the platform, export outputs.
 * An invalid config stops here, before any resource is registered.
 */
import { loadStackConfig } from "./stacks/config/load";
import { buildPlatform } from "./stacks/platform";

const config = loadStackConfig();
const platform = buildPlatform(config);

export const environment = config.environment;
export const vpcId = platform.network.vpcId;
export const privateSubnetIds = platform.network.privateSubnetIds;
export const publicSubnetIds = platform.network.publicSubnetIds;
export const databaseSubnetIds = platform.network.databaseSubnetIds;
