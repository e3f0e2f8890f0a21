//! The inputs of a run: files, directories walked recursively, and standard input.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};

/// One input.
#[derive(Clone, Debug)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// Its place in an output folder: the path below the directory it was found in, or the
    /// file name of a file given by name.
    pub relative: PathBuf,
    /// Whether it was found by walking a directory (rather than named).
    pub walked: bool,
}

impl Input {
    /// How messages name it.
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => "<stdin>".to_owned(),
        }
    }

    fn stdin() -> Input {
        Input {
            path: None,
            relative: PathBuf::from("stdin"),
            walked: false,
        }
    }
}

/// The inputs named by `paths` (none: standard input; `-`: standard input): files as they
/// are, directories walked in name order, keeping the files that match one of `globs` (all
/// when there is none) and skipping hidden entries (temporary files among them) and the folder `skip`. Paths that cannot be read are
/// returned as errors, after the inputs.
pub fn collect(
    paths: &[PathBuf],
    globs: &[String],
    skip: Option<&Path>,
) -> Result<(Vec<Input>, Vec<anyhow::Error>)> {
    let globs = glob_set(globs)?;
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::stdin());
    }
    for path in paths {
        if path == Path::new("-") {
            inputs.push(Input::stdin());
        } else if path.is_dir() {
            walk(path, &globs, skip, &mut inputs, &mut errors);
        } else {
            inputs.push(Input {
                path: Some(path.clone()),
                relative: path.file_name().map(PathBuf::from).unwrap_or_default(),
                walked: false,
            });
        }
    }
    Ok((inputs, errors))
}

fn glob_set(globs: &[String]) -> Result<Option<GlobSet>> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        set.add(Glob::new(glob).with_context(|| format!("--glob {glob}"))?);
    }
    Ok(Some(set.build()?))
}

fn walk(
    root: &Path,
    globs: &Option<GlobSet>,
    skip: Option<&Path>,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<anyhow::Error>,
) {
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let skipped = e.file_type().is_dir()
                && skip.is_some_and(|s| e.path().canonicalize().is_ok_and(|p| p == s));
            !hidden && !skipped
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
                errors.push(anyhow::Error::new(e).context(path));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        if globs.as_ref().is_some_and(|g| !g.is_match(relative)) {
            continue;
        }
        inputs.push(Input {
            path: Some(entry.path().to_owned()),
            relative: relative.to_owned(),
            walked: true,
        });
    }
}
