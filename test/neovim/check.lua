-- Run by test/protocol/neovim.test.ts in `nvim --headless --clean`: loads the README's snippet
-- (editors/neovim/smtp-log.lua), checks the filetype of conventional file names, opens a sample log,
-- waits for the language client, and writes what a user would see (diagnostics, hover lines as shown in
-- the hover window, document symbols, semantic tokens on 0.9+) as JSON to $SMTP_LOG_OUT. Then quits.
local root, out, tmp = os.getenv('SMTP_LOG_ROOT'), os.getenv('SMTP_LOG_OUT'), os.getenv('SMTP_LOG_TMP')
local result = { version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor), errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.g.smtp_log_language_server = { os.getenv('SMTP_LOG_NODE') or 'node', root .. '/dist/server.js', '--stdio' }
  dofile(root .. '/editors/neovim/smtp-log.lua')

  -- 1. filetypes of conventional names (new, empty buffers: BufNewFile)
  result.filetypes = {}
  for _, name in ipairs(vim.split(os.getenv('SMTP_LOG_NAMES'), '\n', { plain = true })) do
    if name ~= '' then
      vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/names/' .. name))
      result.filetypes[name] = vim.bo.filetype
      vim.cmd('bwipeout!')
    end
  end

  -- existing files whose filetype depends on their content (a saved bounce vs any other mail)
  for _, name in ipairs(vim.split(os.getenv('SMTP_LOG_EXISTING') or '', '\n', { plain = true })) do
    if name ~= '' then
      vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/' .. name))
      result.filetypes[name] = vim.bo.filetype
      vim.cmd('bwipeout!')
    end
  end

  -- 2. a real log under its conventional name
  vim.cmd('edit ' .. vim.fn.fnameescape(tmp .. '/var/log/mail.log'))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo.filetype
  local function clients()
    if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = buf }) end
    return vim.tbl_values(vim.lsp.buf_get_clients(buf))
  end
  result.attached = vim.wait(20000, function() return #clients() > 0 and clients()[1].initialized ~= false end, 50)
  local c = clients()[1]
  if c then result.server_info = c.server_info or (c.initialize_result and c.initialize_result.serverInfo) end
  result.got_diagnostics = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  table.sort(result.diagnostics, function(a, b) return a.lnum < b.lnum end)

  -- 3. hover on the first 550, as the hover window shows it
  local lnum, col
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find(' 550 ', 1, true)
    if s then lnum, col = i - 1, s; break end
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = lnum, character = col } }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
  for _, r in pairs(responses) do
    if r.result and r.result.contents then
      local lines = vim.lsp.util.convert_input_to_markdown_lines(r.result.contents)
      local fbuf = vim.lsp.util.open_floating_preview(lines, 'markdown', {})
      result.hover = vim.api.nvim_buf_get_lines(fbuf, 0, -1, false)
    end
  end

  -- 4. document symbols (the outline)
  local syms = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 10000) or {}
  result.symbols = {}
  for _, r in pairs(syms) do
    for _, s in ipairs(r.result or {}) do table.insert(result.symbols, s.name) end
  end

  -- 5. semantic tokens (Neovim 0.9+ asks for them itself; here: are they offered and coloured by class?)
  if vim.fn.has('nvim-0.9') == 1 then
    local st = vim.lsp.buf_request_sync(buf, 'textDocument/semanticTokens/full', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 10000) or {}
    for _, r in pairs(st) do result.semantic_token_count = r.result and #r.result.data / 5 end
    result.permanent_hl = vim.fn.hlexists('@lsp.type.replyPermanent')
  end
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
