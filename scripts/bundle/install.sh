#!/bin/sh
# 离线安装 gongkai @VERSION@（@PLATFORM@）：在本文件夹中创建虚拟环境 .venv，
# 只从 wheels/ 安装（不连接任何软件包索引），并逐个核对 requirements.txt 中的 SHA-256。
# 参数原样交给 pip install，例如 sh install.sh --no-compile（不预编译字节码，装得快些）。
set -eu
cd "$(dirname "$0")"
want=@PYTHON_VERSION@
python=""
for candidate in ${PYTHON:-} "python$want" python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != (@PYTHON_MAJOR@, @PYTHON_MINOR@))" 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "未找到 Python $want。本安装包只适用于 Python $want：请先安装它（统信 UOS、麒麟等可从系统软件源安装 python$want，" >&2
    echo "或向信息部门索取），再运行本脚本；也可以这样指定：PYTHON=/路径/python$want sh install.sh" >&2
    exit 1
fi
if ! "$python" -m venv .venv; then
    echo "创建虚拟环境失败：请先安装 Python 的 venv 模块（Debian 系，如统信 UOS、麒麟：python$want-venv）。" >&2
    exit 1
fi
# No pip configuration of this machine applies (an index, a --user default): only wheels/.
if ! PIP_CONFIG_FILE=/dev/null .venv/bin/python -m pip --isolated install --disable-pip-version-check --no-index \
    --find-links wheels --require-hashes -r requirements.txt "$@"; then
    echo "安装未完成，请把上面的信息发给信息部门。" >&2
    exit 1
fi
echo
echo "安装完成。启动：sh start.sh（或 .venv/bin/gongkai serve），然后在浏览器中打开 http://localhost:8501"
