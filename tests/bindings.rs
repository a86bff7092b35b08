//! The committed TypeScript bindings in `ui/src/bindings/` must be exactly
//! what ts-rs generates from the Rust types. `make bindings` rewrites them.

use crate::util;

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed = util::repo_path("ui/src/bindings");
    let tmp = tempfile::tempdir().expect("tempdir");
    meshcanvas::bindings::export_all(tmp.path()).expect("export bindings");

    if util::update_mode() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).expect("create bindings dir");
        for rel in util::files_below(tmp.path()) {
            let to = committed.join(&rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::copy(tmp.path().join(&rel), to).expect("copy binding");
        }
        return;
    }

    let generated = util::files_below(tmp.path());
    let existing = util::files_below(&committed);
    assert_eq!(
        generated, existing,
        "the set of binding files differs from ui/src/bindings; run `make bindings`"
    );
    for rel in &generated {
        let want = std::fs::read_to_string(tmp.path().join(rel)).expect("read generated");
        let have = std::fs::read_to_string(committed.join(rel)).expect("read committed");
        util::assert_generated(
            &have,
            &want,
            &format!("ui/src/bindings/{}", rel.display()),
            "run `make bindings`",
        );
    }
}
