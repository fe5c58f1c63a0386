@echo off
rem 启动 gongkai 网页界面；参数原样交给 gongkai serve，例如：start.bat --address 0.0.0.0 --port 8502
cd /d "%~dp0"
if exist .venv\Scripts\gongkai.exe goto start
echo 尚未安装：请先双击 install.bat
pause
exit /b 1
:start
.venv\Scripts\gongkai.exe serve %*
