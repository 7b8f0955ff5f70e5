// Our Lua scripts as ioredis commands: sent by their SHA (EVALSHA), so Redis neither receives nor
// hashes a script's text on every call.
import type { RedisClient } from "./redis";

export interface LuaCommand {
  name: string;
  /** Fixed number of keys; omitted when the caller passes it first on each call. */
  numberOfKeys?: number;
  lua: string;
}

/**
 * The client, with `command` defined on it if it lacks it. Clients from `connectRedis` have every
 * command from birth (see `withLuaCommands`); this covers clients made elsewhere (tests, tools).
 */
export function withCommand<Client extends RedisClient>(redis: RedisClient, command: LuaCommand): Client {
  if (typeof (redis as unknown as Record<string, unknown>)[command.name] !== "function")
    redis.defineCommand(command.name, { numberOfKeys: command.numberOfKeys, lua: command.lua });
  return redis as Client;
}
