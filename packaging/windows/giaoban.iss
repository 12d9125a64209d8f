; Inno Setup script for giaoban: a per-user install (no administrator rights needed) of the
; one-folder build in dist\giaoban, with a Start-menu shortcut and a clean uninstall.
;
; Inno Setup 6.3 or later. Build on Windows after `python packaging\build.py`:
;     iscc /DAppVersion=0.1.0 packaging\windows\giaoban.iss
; (build.py --installer does exactly this with the version from pyproject.toml.)
; The user's data (%LOCALAPPDATA%\giaoban\giaoban) is never touched by install or uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Giao ban dân vận"
#define AppExe "giaoban.exe"
#define SourceDir "..\..\dist\giaoban"

[Setup]
; The AppId identifies this program to Windows for upgrades and uninstall: never change it.
AppId={{5B0E7C1A-9D3F-4F2E-8A61-2C7B4D9E1F30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Ban Dân vận Tỉnh ủy
VersionInfoVersion={#AppVersion}
VersionInfoCompany=Ban Dân vận Tỉnh ủy
VersionInfoDescription=Cài đặt {#AppName}
PrivilegesRequired=lowest
DefaultDirName={autopf}\giaoban
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=giaoban.ico
OutputDir=..\..\dist
OutputBaseFilename=giaoban-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
; Inno Setup ships no Vietnamese wizard text; put the community translation Vietnamese.isl in its
; Languages folder to get one (see packaging/README.md). Without it the wizard is in English.
#if FileExists(CompilerPath + "Languages\Vietnamese.isl")
Name: "vietnamese"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole folder; files that disappear in a newer version are removed with [InstallDelete].
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale so no stale file of an older build stays.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there (e.g. __pycache__ written at run time); user data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
