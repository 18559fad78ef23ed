-- ictarch language server for Neovim (0.10+): diagnostics, completion, hover, definition, references,
-- rename and the outline for province models. Put this file in ~/.config/nvim/plugin/ (or source it).
-- Needs `ictarch` on PATH with the lsp extra: python3 -m pip install 'ictarch[lsp]'.
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    -- a model folder holds a province.yaml; files elsewhere are left to other servers
    local root = vim.fs.root(args.buf, { "province.yaml" })
    if not root then
      return
    end
    vim.lsp.start({
      name = "ictarch",
      cmd = { "ictarch", "lsp", "--stdio" },
      root_dir = root,
    })
  end,
})
