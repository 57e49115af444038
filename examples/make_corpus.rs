//! Writes the corpus of bad and odd inputs (tests/corpus/README.md) to a folder,
//! to look at or to feed to `certsheet ingest` by hand:
//!
//! ```sh
//! cargo run --example make_corpus -- /tmp/corpus
//! cargo run -- ingest /tmp/corpus --out /tmp/r.xlsx
//! ```
//!
//! `--originals DIR` writes instead the workbooks the binary fixtures were made
//! from (tests/corpus/README.md says how).

// The tests use all of it; this example only writes the cases out.
#[allow(dead_code)]
#[path = "../tests/corpus/generate.rs"]
mod generate;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, dir] if flag == "--originals" => {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            for ext in ["xls", "ods", "xlsx"] {
                let path = dir.join(format!("libreoffice-{ext}.xlsx"));
                std::fs::write(&path, generate::libreoffice_original(ext)).unwrap();
                println!("{}", path.display());
            }
            for ext in ["xls", "ods", "xlsx"] {
                let path = dir.join(format!("gnumeric-{ext}.xlsx"));
                std::fs::write(&path, generate::gnumeric_original(ext)).unwrap();
                println!("{}", path.display());
            }
            let path = dir.join("gnumeric-alpha-7.xlsx");
            std::fs::write(&path, generate::gnumeric_alpha_7_original()).unwrap();
            println!("{}", path.display());
            let path = dir.join("sheetjs-xlsb.xlsx");
            std::fs::write(&path, generate::xlsb_original()).unwrap();
            println!("{}", path.display());
            let path = dir.join("password-original.xlsx");
            std::fs::write(&path, generate::password_original()).unwrap();
            println!("{}", path.display());
        }
        [dir] => {
            let dir = PathBuf::from(dir);
            let cases = generate::write_corpus(&dir);
            for c in &cases {
                println!("{}\t{}", c.name, c.what);
            }
            eprintln!("{} cases in {}", cases.len(), dir.display());
        }
        _ => {
            eprintln!("usage: make_corpus DIR | make_corpus --originals DIR");
            std::process::exit(2);
        }
    }
}
