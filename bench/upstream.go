package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// upstreamPatch is a patch to one of the provider's modules, from a directory like
// bench/upstream: its first line names the module and the version it applies to.
type upstreamPatch struct {
	file, module, version string
}

// readUpstreamPatches lists the *.patch files of dir, each with the module its first line
// names ("Module: github.com/hashicorp/terraform-plugin-log v0.11.0").
func readUpstreamPatches(dir string) ([]upstreamPatch, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.patch"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.patch file in %s", dir)
	}
	var patches []upstreamPatch
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		first := bufio.NewScanner(f)
		first.Scan()
		f.Close()
		line, found := strings.CutPrefix(first.Text(), "Module: ")
		module, version, ok := strings.Cut(line, " ")
		if !found || !ok {
			return nil, fmt.Errorf(`%s: the first line must be "Module: <module path> <version>"`, file)
		}
		patches = append(patches, upstreamPatch{file: file, module: module, version: strings.TrimSpace(version)})
	}
	return patches, nil
}

// buildWithUpstreamPatches builds the provider into out against copies of the modules that the
// patches in patchDir change, each patched: the release build's sources, go.mod and go.sum stay
// untouched, because the go.mod it builds with (-modfile) lives in workDir.
func buildWithUpstreamPatches(root, workDir, patchDir, out string) error {
	if !filepath.IsAbs(patchDir) {
		patchDir = filepath.Join(root, patchDir)
	}
	patches, err := readUpstreamPatches(patchDir)
	if err != nil {
		return err
	}
	copiesDir := filepath.Join(workDir, "upstream")
	var replaces strings.Builder
	for _, p := range patches {
		copyDir, err := patchedCopy(root, copiesDir, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&replaces, "\nreplace %s => %s\n", p.module, copyDir)
	}

	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	goSum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	modFile := filepath.Join(copiesDir, "go.mod")
	if err := os.WriteFile(modFile, append(goMod, replaces.String()...), 0o644); err != nil {
		return err
	}
	// -modfile takes go.sum from beside the go.mod it names.
	if err := os.WriteFile(filepath.Join(copiesDir, "go.sum"), goSum, 0o644); err != nil {
		return err
	}
	_, err = goOutput(root, "build", "-modfile", modFile, "-o", out, ".")
	return err
}

// patchedCopy copies p's module, at the version go.mod requires, from the module cache into
// dir and applies p to it.
func patchedCopy(root, dir string, p upstreamPatch) (string, error) {
	listed, err := goOutput(root, "list", "-m", "-f", "{{.Version}} {{.Dir}}", p.module)
	if err != nil {
		return "", err
	}
	version, moduleDir, _ := strings.Cut(listed, " ")
	if version != p.version {
		return "", fmt.Errorf("%s is for %s %s, but go.mod requires %s: update the patch", p.file, p.module, p.version, version)
	}
	copyDir := filepath.Join(dir, filepath.Base(moduleDir))
	if err := os.CopyFS(copyDir, os.DirFS(moduleDir)); err != nil {
		return "", fmt.Errorf("copying %s: %w", moduleDir, err)
	}
	apply := exec.Command("git", "apply", p.file)
	apply.Dir = copyDir
	// Stop git from taking a repository above the copy for its own, which would make it apply
	// the patch relative to that repository's root.
	apply.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+dir)
	if output, err := apply.CombinedOutput(); err != nil {
		return "", fmt.Errorf("git apply %s in a copy of %s: %w\n%s", p.file, filepath.Base(moduleDir), err, output)
	}
	return copyDir, nil
}

// goOutput runs the go command in dir and returns its trimmed standard output.
func goOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	output, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(output)), nil
}
