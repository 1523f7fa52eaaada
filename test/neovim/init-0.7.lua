-- init.lua (Neovim 0.7)
vim.cmd([[autocmd BufRead,BufNewFile *.xl,*.xlcfg,*/xen/*.cfg set filetype=xlcfg]])
local xlcfg_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'xlcfg',
  callback = function(args)
    if not (xlcfg_client and vim.lsp.get_client_by_id(xlcfg_client)) then
      xlcfg_client = vim.lsp.start_client({
        name = 'xlcfg',
        cmd = { 'xlcfg-language-server', '--stdio' }, -- or { 'node', '/path/to/xlcfg/dist/server.js', '--stdio' }
        root_dir = vim.fn.getcwd(),
        settings = { xlcfg = { xenVersion = '4.20', rules = { ['key/not-for-guest-type'] = 'off' } } },
        on_init = function(client)
          client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
        end,
      })
    end
    vim.lsp.buf_attach_client(args.buf, xlcfg_client)
  end,
})
