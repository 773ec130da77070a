-- wrk script: GET the URL's path with the same headers every time, plus a Cookie header taken round-robin from a file.
--
--   wrk -t2 -c32 -d10s --latency -s sessions.lua http://127.0.0.1:5087/login-guarded -- COOKIES USER_AGENT THREADS
--
-- COOKIES is a file of Cookie header values, one a line, all padded with spaces to the same width (the minting command
-- writes them so; HTTP servers trim the trailing spaces), or "-" for no Cookie header. Every request of every scenario,
-- one session or a million, is built the same way here, so the scenarios differ only in how many sessions they cycle
-- through. The file is mapped into memory rather than read: wrk starts its first thread before the second has run
-- init() and counts the first thread's requests from then on, so an init() that takes seconds to read a million lines
-- would hand the million-session run extra requests. Mapping takes the same few microseconds for any file size.
local ffi = require("ffi")
ffi.cdef [[
int open(const char *pathname, int flags);
int close(int fd);
void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
]]
local O_RDONLY, PROT_READ, MAP_SHARED = 0, 1, 1

local threads_set_up = 0

function setup(thread)
  thread:set("thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

function init(args)
  local path, user_agent, thread_count = args[1], args[2], tonumber(args[3])
  if not path or not user_agent or not thread_count then
    error("usage: -- COOKIES|- USER_AGENT THREADS")
  end
  head = "GET " .. wrk.path .. " HTTP/1.1\r\nHost: " .. wrk.host .. ":" .. wrk.port .. "\r\nUser-Agent: " .. user_agent .. "\r\n"
  if path == "-" then
    count = 0
    return
  end

  local file = assert(io.open(path, "rb"))
  width = #assert(file:read("*l"), "no cookies in " .. path)
  local size = file:seek("end")
  file:close()
  stride = width + 1
  if size % stride ~= 0 then
    error(path .. ": lines are not all " .. width .. " characters wide")
  end
  count = size / stride

  local fd = ffi.C.open(path, O_RDONLY)
  if fd < 0 then error("cannot open " .. path) end
  records = ffi.cast("const char *", ffi.C.mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0))
  ffi.C.close(fd)
  if records == ffi.cast("const char *", -1) then error("cannot map " .. path) end

  -- Threads start at evenly spaced records, so together they cycle through every session at the same rate.
  position = math.floor(count * thread_index / thread_count)
end

function request()
  if count == 0 then
    return head .. "\r\n"
  end
  local cookie = ffi.string(records + position * stride, width)
  position = position + 1
  if position == count then
    position = 0
  end
  return head .. "Cookie: " .. cookie .. "\r\n\r\n"
end
