;;; drive.el --- drives the xlcfg language server from Emacs through Eglot (batch mode).
;; Loads the README's Eglot setup (XLCFG_README_EL, extracted by eglot.test.ts), opens
;; XLCFG_FILE and prints what it saw, one `key: value' line each, for the test to check.
(package-initialize) ; Debian's elpa-eglot is a package; batch mode does not activate packages itself
(load (getenv "XLCFG_README_EL") nil t)
(defun xlcfg-wait (pred secs)
  (let ((deadline (+ (float-time) secs)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))
(defun xlcfg-say (key value) (princ (format "%s: %s\n" key value)))
(find-file (getenv "XLCFG_FILE"))
(xlcfg-say "mode" major-mode)
(run-hooks 'post-command-hook) ; eglot-ensure connects after the next command
(xlcfg-say "managed" (xlcfg-wait (lambda () (bound-and-true-p eglot--managed-mode)) 30))
(xlcfg-wait (lambda () (flymake-diagnostics)) 30)
(dolist (d (flymake-diagnostics)) (xlcfg-say "diagnostic" (flymake-diagnostic-text d)))
;; A setting changed: Eglot announces it and the server pulls it with workspace/configuration.
(setq-default eglot-workspace-configuration '(:xlcfg (:rules (:key/unknown "off"))))
(eglot-signal-didChangeConfiguration (eglot-current-server))
(xlcfg-wait (lambda () (not (cl-some (lambda (d) (string-match-p "key/unknown" (flymake-diagnostic-text d))) (flymake-diagnostics)))) 30)
(dolist (d (flymake-diagnostics)) (xlcfg-say "after" (flymake-diagnostic-text d)))
(let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                              (list :textDocument (eglot--TextDocumentIdentifier) :position (list :line 2 :character 2)))))
  (xlcfg-say "hover" (replace-regexp-in-string "\n" " " (plist-get (plist-get hover :contents) :value))))
(eglot-shutdown (eglot-current-server))
(kill-emacs 0)
