package dev.callwire.server.internal.cluster;

/**
 * The Lua scripts that change membership in Redis. Each runs atomically, and publishes its join or leave
 * events itself, so a write and its announcement can never be separated (an instance dying between the two
 * would otherwise leave a member nobody was told of).
 *
 * <p>Keys, all under {@code callwire:}: {@code room:<room>} is a hash peer id -> {@code instance\tseq[\tname]};
 * {@code peers:<instance>} the set of {@code room\tpeer} an instance holds (to find them when it dies);
 * {@code instances} the set of live instance ids; {@code lease:<instance>} a key that expires when the
 * instance stops refreshing it; {@code seq} the cluster-wide join counter that orders {@code welcome} lists.
 * Room names and peer ids match {@code [A-Za-z0-9._-]}, so a tab never occurs inside them.
 */
final class RedisScripts {

    static final String EVENTS = "callwire:events";
    static final String INBOX_PREFIX = "callwire:to:";
    static final String ROOM_PREFIX = "callwire:room:";

    private static final String COMMON = """
            local function owner(v)
              local t = string.find(v, '\\t', 1, true)
              return string.sub(v, 1, t - 1)
            end
            local function dropEntry(inst, room, peer)
              local roomKey = 'callwire:room:' .. room
              local v = redis.call('HGET', roomKey, peer)
              redis.call('SREM', 'callwire:peers:' .. inst, room .. '\\t' .. peer)
              if v and owner(v) == inst then
                redis.call('HDEL', roomKey, peer)
                redis.call('PUBLISH', 'callwire:events', 'L\\t' .. inst .. '\\t' .. room .. '\\t' .. peer)
                return 1
              end
              return 0
            end
            local function dropInstance(inst)
              local n = 0
              for _, e in ipairs(redis.call('SMEMBERS', 'callwire:peers:' .. inst)) do
                local t = string.find(e, '\\t', 1, true)
                n = n + dropEntry(inst, string.sub(e, 1, t - 1), string.sub(e, t + 1))
              end
              redis.call('DEL', 'callwire:peers:' .. inst)
              redis.call('SREM', 'callwire:instances', inst)
              return n
            end
            local function join(inst, room, peer, hasName, name)
              local roomKey = 'callwire:room:' .. room
              local old = redis.call('HGET', roomKey, peer)
              local seq
              if old then
                local t1 = string.find(old, '\\t', 1, true)
                local t2 = string.find(old, '\\t', t1 + 1, true)
                seq = string.sub(old, t1 + 1, (t2 or 0) - 1)
                local oldInst = string.sub(old, 1, t1 - 1)
                if oldInst ~= inst then
                  redis.call('SREM', 'callwire:peers:' .. oldInst, room .. '\\t' .. peer)
                end
              else
                seq = tostring(redis.call('INCR', 'callwire:seq'))
              end
              local value = inst .. '\\t' .. seq
              local event = 'J\\t' .. inst .. '\\t' .. seq .. '\\t' .. room .. '\\t' .. peer
              if hasName then
                value = value .. '\\t' .. name
                event = event .. '\\t' .. name
              end
              redis.call('HSET', roomKey, peer, value)
              redis.call('SADD', 'callwire:peers:' .. inst, room .. '\\t' .. peer)
              -- Listed even if it was just reaped (a join racing its reaper): then its entries are reaped again
              -- once the lease is known to be gone, instead of staying forever.
              redis.call('SADD', 'callwire:instances', inst)
              redis.call('PUBLISH', 'callwire:events', event)
              return seq
            end
            """;

    /** ARGV: instance, room, peer, "1" when a name follows else "0", name. A resumed id keeps its place. */
    static final String JOIN = COMMON + "return join(ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1', ARGV[5])\n";

    /** ARGV: instance, room, peer. Removes the entry only while this instance still owns it. */
    static final String LEAVE = COMMON + "return dropEntry(ARGV[1], ARGV[2], ARGV[3])\n";

    /**
     * ARGV: instance, lease ms. Returns 0 when the lease had run out (Redis restarted, or the instance missed its
     * refreshes and may have been reaped): the instance then registers its members again.
     */
    static final String REFRESH = """
            local alive = redis.call('EXISTS', 'callwire:lease:' .. ARGV[1])
            redis.call('SET', 'callwire:lease:' .. ARGV[1], '1', 'PX', ARGV[2])
            if alive == 0 or redis.call('SISMEMBER', 'callwire:instances', ARGV[1]) == 0 then return 0 end
            return 1
            """;

    /** ARGV: instance. Removes every instance whose lease ran out; returns their ids. */
    static final String REAP = COMMON + """
            local reaped = {}
            for _, inst in ipairs(redis.call('SMEMBERS', 'callwire:instances')) do
              if inst ~= ARGV[1] and redis.call('EXISTS', 'callwire:lease:' .. inst) == 0 then
                dropInstance(inst)
                table.insert(reaped, inst)
              end
            end
            return reaped
            """;

    /**
     * ARGV: instance, lease ms, then per local member: room, peer, "1"/"0" (has a name), name. Makes Redis hold
     * exactly these members for the instance (after a Redis restart, or after others reaped it during a pause).
     */
    static final String REGISTER = COMMON + """
            local inst = ARGV[1]
            redis.call('SET', 'callwire:lease:' .. inst, '1', 'PX', ARGV[2])
            redis.call('SADD', 'callwire:instances', inst)
            local keep = {}
            for i = 3, #ARGV, 4 do keep[ARGV[i] .. '\\t' .. ARGV[i + 1]] = true end
            for _, e in ipairs(redis.call('SMEMBERS', 'callwire:peers:' .. inst)) do
              if not keep[e] then
                local t = string.find(e, '\\t', 1, true)
                dropEntry(inst, string.sub(e, 1, t - 1), string.sub(e, t + 1))
              end
            end
            for i = 3, #ARGV, 4 do join(inst, ARGV[i], ARGV[i + 1], ARGV[i + 2] == '1', ARGV[i + 3]) end
            return 1
            """;

    /** ARGV: instance. A clean stop: its members leave now rather than after the lease. */
    static final String UNREGISTER = COMMON + """
            local n = dropInstance(ARGV[1])
            redis.call('DEL', 'callwire:lease:' .. ARGV[1])
            return n
            """;

    private RedisScripts() {
    }
}
