-- mod_chatlet_compat: lets Debian's community mod_sasl2 + mod_sasl2_fast (prosody-modules
-- snapshot 0.0~hg20230223, written for Prosody trunk) run on Debian's Prosody 0.12.3.
-- Loaded by demo/server/prosody.mjs next to "sasl2" and "sasl2_fast" on every host.
--
-- It mends the three failures seen on 0.12.3 (docs: shared STACK-NOTES, "Page-to-page
-- continuity"):
--  1. mod_sasl2_fast.lua:100: attempt to index a nil value (field 'stream')
--     0.12's "stream-features" event has no `event.stream`; mod_sasl2 passes it on to
--     "advertise-sasl-features" and mod_sasl2_fast reads `event.stream.from` (the `from` of the
--     client's <open/>) to know whose tokens to offer. The hook dies, no <stream:features> is
--     sent and the client waits for ever. Fix: remember the `to` of our stream reply (= the
--     client's `from`) through the session's `stream_attrs` callback, which 0.12 calls for c2s
--     streams (TCP and WebSocket) but leaves unset, and hand it over as `event.stream`.
--  2. util/datetime.lua: bad argument #2 to 'os_date' (number has no integer representation)
--     when a token is issued: expiry is `now() + ttl`, a float, and Lua 5.4's os.date wants an
--     integer. Fix: util.datetime's functions floor a float first (whole seconds, as before).
--  3. attempt to call a nil value (method 'get_child_attr') on token login: the method is
--     newer than 0.12. Fix: add it to the stanza metatable, as trunk defines it.
--
-- Load order does not matter: each fix acts when the code runs (features, token issue, token
-- login), never while sasl2_fast loads, and all modules load before a client can connect.
-- 2 and 3 patch process-wide tables, once; on a Prosody that already has them they do nothing.

local st = require "util.stanza";
local dt = require "util.datetime";
local filters = require "util.filters";

-- 3. stanza:get_child_attr(name, xmlns, attr)
if not st.stanza_mt.get_child_attr then
	function st.stanza_mt:get_child_attr(name, xmlns, attr)
		local child = self:get_child(name, xmlns);
		if child then return child.attr[attr]; end
		return nil;
	end
end

-- 2. util.datetime with fractional timestamps (math.type: Lua 5.3+; older ones take floats)
if math.type and not dt.chatlet_floats then
	dt.chatlet_floats = true;
	for _, name in ipairs({ "date", "datetime", "time", "legacy" }) do
		local format = dt[name];
		dt[name] = function (t)
			if math.type(t) == "float" then t = math.floor(t); end
			return format(t);
		end
	end
end

-- 1. the client's stream `from`, for "stream-features" listeners that read event.stream
local function remember_from(session, _, to)
	session.chatlet_stream_from = to;
end
local function on_new_session(session)
	if session.type == "c2s_unauthed" and not session.stream_attrs then
		session.stream_attrs = remember_from;
	end
end
filters.add_filter_hook(on_new_session);
function module.unload()
	filters.remove_filter_hook(on_new_session);
end

module:hook("stream-features", function (event)
	if event.stream == nil then
		event.stream = { from = event.origin.chatlet_stream_from };
	end
end, 10); -- before mod_sasl2's handler (priority 1)
