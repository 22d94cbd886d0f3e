import Foundation
import FuzzDriver

exit(runLibFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzManifest(data, size)
})
