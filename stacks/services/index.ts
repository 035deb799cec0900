/**
 * The trading services, each described once as data. Adding a service is one file here, its
 * entry below and its block under `services:` in each stack file (docs/services.md).
 */
import { data } from "./data";
import { gateway } from "./gateway";
import { ml } from "./ml";
import { signal } from "./signal";

export const SERVICES = [gateway, data, signal, ml] as const;
