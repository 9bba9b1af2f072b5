-- SMTP Log Analyzer for Neovim 0.7 and later: filetypes for SMTP logs and bounces, and the language
-- server (hover on reply codes, problems as diagnostics, sessions as document symbols, folding,
-- references, semantic colours on 0.9+).
--
-- Install the server (`npm install -g smtp-log-analyzer` or a checkout's `npm run build`, which gives
-- `smtp-log-language-server`), then put this file in ~/.config/nvim/plugin/ or `dofile()` it from
-- init.lua. Another command: `vim.g.smtp_log_language_server = { 'node', '/path/to/dist/server.js', '--stdio' }`
-- before this file runs.

local group = vim.api.nvim_create_augroup('smtp_log', { clear = true })

-- Conventional names. Set with `filetype=` (not `setf`): Neovim's own detection makes
-- /var/log/mail.log `messages`, and this must win over it whichever runs first.
local log_patterns = {
  -- syslog mail logs (postfix, sendmail, exim via syslog) and their rotations
  '*/maillog', '*/maillog.[0-9]*', '*/maillog-[0-9]*', '*/mail.log', '*/mail.log.[0-9]*', '*/mail.log-[0-9]*',
  '*/mail.err', '*/mail.err.[0-9]*', '*/mail.warn', '*/mail.warn.[0-9]*', '*/mail.info', '*/smtp.log',
  -- exim
  '*/mainlog', '*/mainlog.[0-9]*', '*/mainlog-[0-9]*', '*/rejectlog', '*/rejectlog.[0-9]*', '*/paniclog',
  -- Exchange protocol logs (SmtpReceive, SmtpSend) and message tracking, IIS SMTP (SMTPSVC1 ...)
  'RECV*.LOG', 'SEND*.LOG', 'MSGTRK*.LOG', 'recv*.log', 'send*.log', 'msgtrk*.log',
  '*/SmtpReceive/*.LOG', '*/SmtpSend/*.LOG', '*/SmtpReceive/*.log', '*/SmtpSend/*.log',
  '*/MessageTracking/*.LOG', '*/MessageTracking/*.log', '*/SMTPSVC*/*.log', '*/SMTPSVC*/*.LOG',
  -- this project's own extensions
  '*.smtplog', '*.smtp-log',
}

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = group, pattern = log_patterns,
  callback = function() vim.bo.filetype = 'smtp-log' end,
})
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = group, pattern = { '*.ndr', '*.dsn' },
  callback = function() vim.bo.filetype = 'smtp-ndr' end,
})
-- a saved mail (.eml) is a bounce only when its first lines say so
vim.api.nvim_create_autocmd('BufRead', {
  group = group, pattern = { '*.eml' },
  callback = function()
    for _, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, 200, false)) do
      local l = line:lower()
      if l:find('report%-type="?delivery%-status') or l:find('^subject:.*undeliverable') or l:find('^subject:.*delivery status notification')
        or l:find('^subject:.*mail delivery failed') or l:find('^subject:.*returned mail') then
        vim.bo.filetype = 'smtp-ndr'
        return
      end
    end
  end,
})

-- colours from semantic tokens (Neovim 0.9+): reply codes by class, directions by side
if vim.fn.has('nvim-0.9') == 1 then
  for token, link in pairs({ replySuccess = 'DiagnosticOk', replyIntermediate = 'DiagnosticInfo',
    replyTransient = 'DiagnosticWarn', replyPermanent = 'DiagnosticError' }) do
    vim.api.nvim_set_hl(0, '@lsp.type.' .. token, { link = link, default = true })
  end
end

local function start()
  local config = {
    name = 'smtp-log',
    cmd = vim.g.smtp_log_language_server or { 'smtp-log-language-server', '--stdio' },
    root_dir = vim.fn.getcwd(),
  }
  if vim.lsp.start then -- Neovim 0.8+: one client, reused for every SMTP buffer
    vim.lsp.start(config)
    return
  end
  -- Neovim 0.7: start one client and attach every SMTP buffer to it
  if not vim.g.smtp_log_client_id or not vim.lsp.get_client_by_id(vim.g.smtp_log_client_id) then
    vim.g.smtp_log_client_id = vim.lsp.start_client(config)
  end
  if vim.g.smtp_log_client_id then vim.lsp.buf_attach_client(0, vim.g.smtp_log_client_id) end
end

vim.api.nvim_create_autocmd('FileType', { group = group, pattern = { 'smtp-log', 'smtp-ndr' }, callback = start })
