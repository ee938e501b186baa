public import GRPCCore
import Metrics
