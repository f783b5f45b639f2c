-- wrk script: a method and optional request bodies to cycle through, the server's query
-- counts summed, and one JSON line of results at the end.
--
--   wrk ... -s bench/wrk.lua <url> -- METHOD [body ...]
--
-- Every thread counts the responses it gets and the X-Bench-Queries header the server
-- puts on each of them; done() adds up the threads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  method = args[1] or "GET"
  bodies = {}
  for index = 2, #args do
    table.insert(bodies, args[index])
  end
  next_body = 1
  responses = 0
  failures = 0
  queries = 0
  counted = 0
end

function request()
  if #bodies == 0 then
    return wrk.format(method)
  end
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format(method, nil, nil, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 400 then
    failures = failures + 1
  end
  local count = headers["X-Bench-Queries"] or headers["x-bench-queries"]
  if count then
    queries = queries + tonumber(count)
    counted = counted + 1
  end
end

function done(summary, latency, requests)
  local total = {responses = 0, failures = 0, queries = 0, counted = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "responses": %d, "failures": %d, "queries": %d, "counted": %d, ' ..
    '"socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, total.responses, total.failures, total.queries, total.counted,
    errors.connect + errors.read + errors.write + errors.timeout))
end
