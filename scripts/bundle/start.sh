#!/bin/sh
# 启动 gongkai 网页界面；参数原样交给 gongkai serve，例如：sh start.sh --address 0.0.0.0 --port 8502
cd "$(dirname "$0")"
if [ ! -x .venv/bin/gongkai ]; then
    echo "尚未安装：请先运行 sh install.sh" >&2
    exit 1
fi
exec .venv/bin/gongkai serve "$@"
