use dateline::extract::people::{tagger, tokens};
fn main() {
    let text = std::env::args().nth(1).unwrap();
    let paras = vec![text.clone()];
    let toks: Vec<Vec<tokens::Token>> = paras
        .iter()
        .map(|p| {
            let mut v = Vec::new();
            tokens::tokenize(p, &mut v);
            v
        })
        .collect();
    let ctx = tagger::DocContext::new(&paras, &toks);
    let s = tagger::tag_with_model(&paras, &toks, &ctx);
    for (t, sc) in toks[0].iter().zip(&s[0]) {
        if *sc != 0.0 {
            println!("{:>12} {:.2}", t.text(&paras[0]), sc);
        }
    }
}
