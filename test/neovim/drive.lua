-- Drives the xlcfg language server from a real headless Neovim 0.7 (Debian 12's), started by the
-- README's init.lua (init-0.7.lua), and writes what it saw to XLCFG_NVIM_OUT as JSON for
-- test/neovim/neovim.test.ts to check. Written for Neovim 0.7's API: vim.lsp.start_client,
-- vim.lsp.diagnostic.get_line_diagnostics (what :lua vim.lsp.buf.code_action() sends).
local out_path = os.getenv('XLCFG_NVIM_OUT')
local file = os.getenv('XLCFG_FILE')
local result = { steps = {} }

local function save()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name, fn)
  local ok, err = pcall(fn)
  table.insert(result.steps, { name = name, ok = ok, err = ok and vim.NIL or tostring(err) })
  save()
  if not ok then
    vim.cmd('qa!')
  end
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(out)
  return out
end

local function has(list, x)
  for _, v in ipairs(list) do
    if v == x then return true end
  end
  return false
end

-- The README's setup, as a user's init.lua has it: the FileType autocommand starts the server
-- (the `xlcfg-language-server` bin, found on PATH) and attaches the buffer.
local bufnr, client, client_id
step('the README setup starts the server for the buffer', function()
  dofile(os.getenv('XLCFG_INIT'))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  assert(vim.wait(10000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
      if c.name == 'xlcfg' then client = c end
    end
    return client ~= nil
  end, 50), 'no xlcfg client attached to the buffer (filetype ' .. result.filetype .. ')')
  client_id = client.id
end)

step('diagnostics arrive', function()
  assert(vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), 'no diagnostics after 15 s')
  result.diagnostics = codes(bufnr)
  local first = vim.diagnostic.get(bufnr)[1]
  result.codeDescription = first.user_data and first.user_data.lsp and first.user_data.lsp.codeDescription or vim.NIL
end)

step('hover', function()
  -- The cursor on force_x2apic (line 6, 1-based).
  vim.api.nvim_win_set_cursor(0, { 6, 3 })
  local params = vim.lsp.util.make_position_params()
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
  local answer = answers and answers[client_id]
  assert(answer and answer.result, 'no hover')
  -- What Neovim puts in the hover window.
  local lines = vim.lsp.util.convert_input_to_markdown_lines(answer.result.contents)
  lines = vim.lsp.util.trim_empty_lines(lines)
  result.hover = table.concat(lines, '\n')
end)

step('a quick fix applied', function()
  -- `acpi = "true"` sits after `name = "gäste"; ` on line 2: Neovim sends byte columns back.
  local diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, 1)
  result.lineDiagnostics = diags
  local params = vim.lsp.util.make_range_params()
  params.range = diags[1] and diags[1].range or params.range
  params.context = { diagnostics = diags }
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  local actions = answers and answers[client_id] and answers[client_id].result or {}
  result.actions = {}
  local preferred
  for _, a in ipairs(actions) do
    table.insert(result.actions, a.title)
    if a.isPreferred and not preferred then preferred = a end
  end
  assert(preferred, 'no preferred quick fix among ' .. #actions .. ' actions')
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  result.afterFix = vim.api.nvim_buf_get_lines(bufnr, 1, 2, false)[1]
end)

step('formatting', function()
  local params = vim.lsp.util.make_formatting_params({ tabSize = 4, insertSpaces = true })
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/formatting', params, 10000)
  local edits = answers and answers[client_id] and answers[client_id].result
  assert(edits and #edits > 0, 'no formatting edits')
  vim.lsp.util.apply_text_edits(edits, bufnr, client.offset_encoding)
  result.formatted = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end)

step('a setting changed with didChangeConfiguration changes the diagnostics', function()
  assert(has(codes(bufnr), 'key/unknown'), 'key/unknown expected before the change')
  client.notify('workspace/didChangeConfiguration', { settings = { xlcfg = { enableProposedOptions = true, rules = { ['key/unknown'] = 'off' } } } })
  assert(vim.wait(10000, function() return not has(codes(bufnr), 'key/unknown') end, 50), 'key/unknown still reported 10 s after turning it off')
  result.afterSetting = codes(bufnr)
end)

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
result.done = true
save()
vim.cmd('qa!')
