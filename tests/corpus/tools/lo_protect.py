#!/usr/bin/env python3
"""Saves a workbook through LibreOffice (python3-uno) the two ways a
protected file comes back:

  lo_protect.py structure IN.xlsx OUT.xls   the workbook structure protected
                                            with a password (Calc: 工具 → 保护
                                            电子表格结构), saved as .xls
  lo_protect.py password  IN.xlsx OUT.ods   saved as .ods with an open password

Needs a running soffice:
  soffice --headless --accept='socket,host=localhost,port=2002;urp;' &
"""
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def desktop():
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(60):
        try:
            ctx = resolver.resolve(
                "uno:socket,host=localhost,port=2002;urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            time.sleep(0.5)
    raise SystemExit("no soffice listening on port 2002")


def main(how, src, dst):
    url = lambda p: uno.systemPathToFileUrl(__import__("os").path.abspath(p))
    doc = desktop().loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    if how == "structure":
        doc.protect("secret")
        doc.storeToURL(url(dst), (prop("FilterName", "MS Excel 97"),))
    else:
        doc.storeToURL(url(dst), (prop("FilterName", "calc8"), prop("Password", "secret")))
    doc.close(True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
