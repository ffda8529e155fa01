//! `rnn-playground`: train and inspect the model from a terminal, with the page's own core.

use rnn_playground::config::{Config, Field, Kind, SETTINGS};
use rnn_playground::data::parse_sequence;
use rnn_playground::format::group;
use rnn_playground::io::weights::{from_keras_json, to_keras_json};
use rnn_playground::nn::model::Model;
use rnn_playground::nn::sensitivity::by_column;
use rnn_playground::nn::trainer::Trainer;
use rnn_playground::teach::keras_code::keras_program;
use std::process::ExitCode;

/// The usage, with every option and its default; the settings' lines come from the table.
fn usage() -> String {
    let mut out = String::from(
        "usage: rnn-playground <train|summary|keras|forecast> [options]\n\n\
         \x20 train     train the model, printing the loss ten times along the way\n\
         \x20 summary   print the model's layers and parameter counts, as Keras's model.summary()\n\
         \x20 keras     print the Python/Keras program that builds and trains the same model\n\
         \x20 forecast  with --weights-in, no training: print the forecast (from --forecast VALUES,\n\
         \x20           or the data's last seq_len rows) and how much each input value moves it\n\
         \x20           (give the data and scaling options the weights were trained with: the\n\
         \x20           scaling is fitted on them)\n\n\
         options (defaults in brackets):\n",
    );
    for s in &SETTINGS {
        let value = match s.kind {
            Kind::Sequence => "VALUES".to_string(),
            Kind::Target => "NAME|all".to_string(),
            Kind::Layers { .. } => "N[,N...]".to_string(),
            Kind::Whole { .. } => "N".to_string(),
            Kind::Rate { .. } => "X".to_string(),
            Kind::Choice(_) | Kind::Cell => s
                .kind
                .options()
                .iter()
                .map(|o| o.0)
                .collect::<Vec<_>>()
                .join("|"),
            Kind::Toggle => "on|off".to_string(),
        };
        let range = match s.kind {
            Kind::Whole { lo, hi } => format!(", {} to {}", group(lo), group(hi)),
            _ => String::new(),
        };
        let also: String = s.aliases.iter().map(|a| format!(" (or --{a})")).collect();
        let left = format!("--{} {value}", s.id);
        let hint = if s.hint.is_empty() {
            String::new()
        } else {
            format!(": {}", s.hint)
        };
        out += &format!(
            "  {left:<32} {}{hint}{range}{also} [{}]\n",
            s.label, s.default
        );
        if s.kind == Kind::Toggle {
            out += &format!(
                "  {:<32} the same as --{} on; --no-{} is off\n",
                format!("--{}", s.id),
                s.id,
                s.id
            );
        }
    }
    for (left, about) in [
        (
            "--csv FILE",
            "read the data from a file: numbers, or a table with a header line of names \
             (columns separated by commas, tabs or semicolons; a first column of dates is labels)",
        ),
        (
            "--forecast VALUES",
            "after training, forecast from these seq_len values (for a table: seq_len rows, \
             row by row); by default from the data's last seq_len rows",
        ),
        (
            "--weights-in FILE",
            "start from weights in Keras's get_weights() JSON layout",
        ),
        (
            "--weights-out FILE",
            "write the trained weights in that layout",
        ),
        (
            "--json",
            "print one JSON object instead of text, with the gradient norms per epoch \
             (its forecast is flat, step by step: t+1's targets, then t+2's)",
        ),
        ("-h, --help", "print this help"),
    ] {
        out += &format!("  {left:<32} {about}\n");
    }
    out
}

/// What the command line asked for.
struct Args {
    command: String,
    config: Config,
    weights_in: Option<String>,
    weights_out: Option<String>,
    forecast: Option<Vec<f32>>,
    json: bool,
}

/// A failure, with its exit code: 2 for bad input (as the issue asks), 1 for a run that went wrong.
/// `Help` is not a failure: the usage goes to stdout with exit code 0.
enum Fail {
    Help,
    Code(u8, String),
}

fn bad(msg: impl Into<String>) -> Fail {
    Fail::Code(2, msg.into())
}

fn parse_args(argv: &[String]) -> Result<Args, Fail> {
    // Help wins wherever it is asked for, even after a mistake.
    if argv.is_empty() || argv.iter().any(|a| a == "-h" || a == "--help") {
        return Err(Fail::Help);
    }
    let mut it = argv.iter();
    let command = match it.next().map(String::as_str) {
        Some(c @ ("train" | "summary" | "keras" | "forecast")) => c.to_string(),
        Some(other) => {
            return Err(bad(format!(
            "unknown command \"{other}\" (use train, summary, keras or forecast; --help lists the options)"
        )))
        }
        None => return Err(Fail::Help),
    };
    let mut args = Args {
        command,
        config: Config::default(),
        weights_in: None,
        weights_out: None,
        forecast: None,
        json: false,
    };
    while let Some(flag) = it.next() {
        let name = flag.strip_prefix("--").ok_or_else(|| {
            bad(format!(
                "\"{flag}\" is not an option; options start with --"
            ))
        })?;
        if name == "json" {
            args.json = true;
            continue;
        }
        // A toggle's off form: --no-shuffle.
        let toggle_off = name
            .strip_prefix("no-")
            .and_then(Field::find)
            .filter(|f| f.setting().kind == Kind::Toggle);
        if let Some(field) = toggle_off {
            args.config
                .set(field, "off")
                .map_err(|e| bad(format!("--{name}: {e}")))?;
            continue;
        }
        // A toggle on its own is on: --bidirectional (--shuffle on still reads its value).
        let bare_toggle = Field::find(name)
            .filter(|f| f.setting().kind == Kind::Toggle)
            .filter(|_| {
                it.as_slice()
                    .first()
                    .is_none_or(|next| next.starts_with("--"))
            });
        if let Some(field) = bare_toggle {
            args.config
                .set(field, "on")
                .map_err(|e| bad(format!("--{name}: {e}")))?;
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| bad(format!("--{name} needs a value")))?;
        match name {
            "weights-in" => args.weights_in = Some(value.clone()),
            "csv" => {
                let text = std::fs::read_to_string(value)
                    .map_err(|e| bad(format!("--csv: cannot read {value}: {e}")))?;
                args.config
                    .set(Field::Sequence, &text)
                    .map_err(|e| bad(format!("--csv {value}: {e}")))?;
            }
            "weights-out" => args.weights_out = Some(value.clone()),
            "forecast" => {
                args.forecast =
                    Some(parse_sequence(value).map_err(|e| bad(format!("--forecast: {e}")))?)
            }
            _ => {
                let field = Field::find(name).ok_or_else(|| {
                    bad(format!(
                        "unknown option --{name} (rnn-playground --help lists the options)"
                    ))
                })?;
                args.config
                    .set(field, value)
                    .map_err(|e| bad(format!("--{name}: {e}")))?;
            }
        }
    }
    Ok(args)
}

fn run(argv: &[String]) -> Result<(), Fail> {
    let args = parse_args(argv)?;
    let config = &args.config;
    let dims = config
        .validate()
        .map_err(|e| bad(format!("--{}: {e}", e.field.id())))?;
    let counts = dims.param_counts();
    if args.command == "keras" {
        print!("{}", keras_program(config));
        return Ok(());
    }
    if args.command == "summary" {
        if args.json {
            println!("{}", serde_json::json!({ "params": counts }));
        } else {
            print!("{}", counts.table(&dims));
        }
        return Ok(());
    }
    if args.command == "forecast" && args.weights_in.is_none() {
        return Err(bad(
            "forecast needs --weights-in FILE: the weights to forecast with",
        ));
    }
    let model = match &args.weights_in {
        None => Model::new(dims, config.activation, config.seed),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| bad(format!("--weights-in: cannot read {path}: {e}")))?;
            let params =
                from_keras_json(&text, &dims).map_err(|e| bad(format!("--weights-in: {e}")))?;
            Model::with_params(dims, config.activation, params)
        }
    };
    let (t, f) = (dims.seq_len, dims.features);
    if let Some(w) = &args.forecast {
        if w.len() != t * f {
            return Err(bad(if f == 1 {
                format!(
                    "--forecast needs exactly seq_len = {t} values; it has {}",
                    w.len()
                )
            } else {
                format!(
                    "--forecast needs seq_len = {t} rows of {f} values ({} numbers, row by row); \
                     it has {}",
                    t * f,
                    w.len()
                )
            }));
        }
    }
    // A table's forecast starts from its last rows unless told otherwise.
    let window = args.forecast.clone().or_else(|| {
        let values = &config.series.values;
        config
            .series
            .is_table()
            .then(|| values[values.len() - t * f..].to_vec())
    });
    let mut trainer = Trainer::with_model(config, model).map_err(|e| bad(e.to_string()))?;
    if args.command == "forecast" {
        return forecast(&args, &trainer, config);
    }
    if !args.json {
        print!("{}", counts.table(&dims));
    }
    let every = (config.epochs / 10).max(1);
    // The gradient flow, epoch by epoch, for --json: ‖∂ℓ/∂h_t‖ (t = 1..T), an LSTM's ‖∂ℓ/∂c_t‖,
    // and the five weight arrays' gradient norms.
    trainer.set_record_grads(args.json);
    let (mut h_norms, mut c_norms, mut w_norms) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 1..=config.epochs {
        let loss = trainer
            .train_epochs(1)
            .map_err(|e| Fail::Code(1, e.to_string()))?
            .unwrap_or(f32::NAN);
        if !args.json && (epoch % every == 0 || epoch == 1) {
            println!("epoch {epoch:>6}/{}  loss {loss}", config.epochs);
        }
        if let Some(g) = trainer.grad_norms() {
            h_norms.push(g.h.to_vec());
            c_norms.push(g.c.to_vec());
            w_norms.push(g.weights.to_vec());
        }
    }
    let forecast = match &window {
        Some(w) => Some(trainer.forecast(w).map_err(bad)?),
        None => None,
    };
    if let Some(path) = &args.weights_out {
        std::fs::write(path, to_keras_json(&trainer.model().params, &dims))
            .map_err(|e| Fail::Code(1, format!("--weights-out: cannot write {path}: {e}")))?;
    }
    if args.json {
        let mut out = serde_json::json!({
            "epochs": trainer.epochs_done(),
            "loss_history": trainer.history(),
            "params": counts,
        });
        if let Some(f) = &forecast {
            out["forecast"] = serde_json::json!(f);
        }
        if !trainer.val_history().is_empty() {
            out["val_loss_history"] = serde_json::json!(trainer.val_history());
        }
        out["grad_norms_history"] = serde_json::json!(h_norms);
        if dims.cell.has_carry() {
            out["cell_grad_norms_history"] = serde_json::json!(c_norms);
        }
        out["weight_grad_norms_history"] = serde_json::json!(w_norms);
        println!("{out}");
    } else if let (Some(forecast), Some(w)) = (&forecast, &window) {
        if config.series.is_table() {
            let names: Vec<&str> = trainer
                .target_columns()
                .iter()
                .map(|&c| config.series.name(c))
                .collect();
            println!(
                "forecast of {} for the {} rows after {w:?}, row by row: {forecast:?}",
                names.join(", "),
                dims.n_steps
            );
        } else {
            println!("forecast after {w:?}: {forecast:?}");
        }
    }
    Ok(())
}

/// `forecast`: the forecast after `--forecast VALUES` (or the data's last seq_len rows) and its
/// sensitivity ∂ŷ_j/∂x_{t,f} (raw units, scaling included), with no training. `--json`:
/// `{"window": [T·F], "forecast": [S·K], "sensitivity": [S·K][T]}`, for a table
/// `"sensitivity": [S·K][F][T]` (per input column).
fn forecast(args: &Args, trainer: &Trainer, config: &Config) -> Result<(), Fail> {
    let dims = trainer.model().dims;
    let window = match &args.forecast {
        Some(w) => w.clone(),
        None => {
            let values = &config.series.values;
            values[values.len() - dims.seq_len * dims.features..].to_vec()
        }
    };
    let forecast = trainer.forecast(&window).map_err(bad)?;
    let sensitivity = by_column(&trainer.sensitivity(&window).map_err(bad)?, &dims);
    if args.json {
        let sensitivity = if dims.features == 1 {
            serde_json::json!(sensitivity.iter().map(|s| &s[0]).collect::<Vec<_>>())
        } else {
            serde_json::json!(sensitivity)
        };
        let out = serde_json::json!({
            "window": window,
            "forecast": forecast,
            "sensitivity": sensitivity,
        });
        println!("{out}");
        return Ok(());
    }
    let series = &config.series;
    let targets: Vec<&str> = trainer
        .target_columns()
        .iter()
        .map(|&c| series.name(c))
        .collect();
    if series.is_table() {
        println!(
            "forecast of {} for the {} rows after {window:?} (row by row): {forecast:?}",
            targets.join(", "),
            dims.n_steps
        );
    } else {
        println!("forecast after {window:?}: {forecast:?}");
    }
    println!(
        "sensitivity: how much each forecast value moves when one input value grows by 1 \
         (inputs oldest first)"
    );
    for (j, columns) in sensitivity.iter().enumerate() {
        for (f, steps) in columns.iter().enumerate() {
            let mut label = format!("t+{}", j / dims.targets + 1);
            if series.is_table() {
                label += &format!(" {}", targets[j % dims.targets]);
            }
            if dims.features > 1 {
                label += &format!(", per unit of {}", series.name(f));
            }
            println!("  {label}: {steps:?}");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Help) => {
            print!("{}", usage());
            ExitCode::SUCCESS
        }
        Err(Fail::Code(code, msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(code)
        }
    }
}
