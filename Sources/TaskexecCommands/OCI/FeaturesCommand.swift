import ArgumentParser
import OCIRuntime

/// OCI `features`: what this runtime supports, as JSON.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "features", abstract: "OCI: print the runtime's features as JSON.")

    /// Accepted like every verb's (`--root` comes before any verb); unused.
    @OptionGroup var global: GlobalOptions

    func run() throws { print(RuntimeFeatures.json()) }
}
