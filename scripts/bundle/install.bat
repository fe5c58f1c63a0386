@echo off
rem 离线安装 gongkai @VERSION@（@PLATFORM@）：在本文件夹中创建虚拟环境 .venv，
rem 只从 wheels 文件夹安装（不连接任何软件包索引），并逐个核对 requirements.txt 中的 SHA-256。
rem 参数原样交给 pip install，例如 install.bat --no-compile（不预编译字节码，装得快些）。
setlocal
cd /d "%~dp0"
set "PYTHON="
py -@PYTHON_VERSION@ -c "import sys" >nul 2>nul && set "PYTHON=py -@PYTHON_VERSION@"
if defined PYTHON goto found
python -c "import sys; sys.exit(sys.version_info[:2] != (@PYTHON_MAJOR@, @PYTHON_MINOR@))" >nul 2>nul && set "PYTHON=python"
if defined PYTHON goto found
echo 未找到 Python @PYTHON_VERSION@。本安装包只适用于 64 位的 Python @PYTHON_VERSION@：
echo 请先安装它（python.org 的 Windows 安装程序，可与本安装包一起带入内网），再运行本文件。
goto failed
:found
%PYTHON% -m venv .venv || goto failed
rem No pip configuration of this machine applies (an index, a --user default): only wheels.
set "PIP_CONFIG_FILE=nul"
.venv\Scripts\python.exe -m pip --isolated install --disable-pip-version-check --no-index --find-links wheels --require-hashes -r requirements.txt %* || goto failed
echo.
echo 安装完成。双击 start.bat 启动，然后在浏览器中打开 http://localhost:8501
pause
exit /b 0
:failed
echo 安装未完成，请把上面的信息发给信息部门。
pause
exit /b 1
